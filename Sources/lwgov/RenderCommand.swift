import ArgumentParser
import LWGovJob
import LWGovReport

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the HTML, XML and CSV reports of an analysed snapshot (replacing its period)."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Output directory (overrides output.dir).") var out: String?
    @Option(help: "Render this analysed snapshot id.") var snapshot: Int64?
    @Option(help: "Render the analysed snapshot of this period, YYYY-MM.") var period: String?
    @Option(help: "Directory of templates overriding the built-in ones (overrides output.templates_dir).") var templatesDir: String?

    func validate() throws {
        if snapshot != nil && period != nil { throw ValidationError("give --snapshot or --period, not both") }
    }

    func run() throws {
        try Terminal.run {
            var config = try common.resolvedConfiguration()
            if let out { config.output.dir = out }
            if let templatesDir { config.output.templatesDir = templatesDir }
            let templates = try config.templates()
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            let pipeline = common.pipeline(config, locked)
            let report = try pipeline.report(try pipeline.store.analysedSnapshot(id: snapshot, period: period))
            print(try pipeline.publish(report, templates: templates, to: config.output.dir).index)
        }
    }
}
