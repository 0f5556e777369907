import ArgumentParser
import LWGovSynth

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write synthetic monthly snapshot directories of any size (for benchmarks)."
    )

    @Option(help: "Number of users.") var users = 900
    @Option(help: "Number of groups.") var groups = 250
    @Option(help: "Number of monthly snapshots.") var months = 2
    @Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 1
    @Option(help: "First month, YYYY-MM.") var start = "2026-01"
    @Option(help: "Output directory; one sub-directory per month.") var out: String
    @Flag(help: "Leavers and movers are cleaned up a month later, so findings stay level (for history benchmarks).") var steady = false

    func run() throws {
        try Terminal.run {
            var synth = Synth(users: users, groups: groups, months: months, seed: seed)
            synth.startPeriod = start
            synth.steady = steady
            for dir in try synth.write(to: out) { print(dir) }
        }
    }
}
