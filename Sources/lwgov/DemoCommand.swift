import ArgumentParser
import Foundation
import Logging
import LWGovJob
import LWGovStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the monthly job over every SampleData month into a fresh local store."
    )

    @Option(help: "Where the demo store and reports go (replaced).") var out = "./lwgov-demo"
    @Option(help: "The SampleData directory.") var sampleData = "./SampleData"
    @Flag(name: .long, help: "Log detail to stderr.") var verbose = false

    func run() async throws {
        try await Terminal.run {
            Terminal.bootstrapLogging(verbose: verbose)
            let demo = try await Demo.run(sampleData: sampleData, out: out, logger: Logger(label: "lwgov"))
            if let latest = try demo.pipeline.store.analysedSnapshots().last {
                let table = StatusTable.render(try demo.pipeline.report(latest))
                FileHandle.standardError.write(Data((table + "\n").utf8))
            }
            print(demo.index)
        }
    }
}
