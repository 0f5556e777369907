import ArgumentParser

@main
struct LWGov: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lwgov",
        abstract: "Checks LINE WORKS talk groups against the usage guideline and reports to departments.",
        discussion: "Pipeline: extract (snapshot the directory) → analyze (rules, finding lifecycle) → render (reports).",
        subcommands: [
            RunCommand.self, ExtractCommand.self, AnalyzeCommand.self, RenderCommand.self, StatusCommand.self, WaiveCommand.self, WaiversCommand.self,
            UnwaiveCommand.self, PlanCommand.self, PlansCommand.self, UnplanCommand.self, SnapshotsCommand.self, ForgetCommand.self, NotifyCommand.self, DemoCommand.self, SynthCommand.self,
        ]
    )
}
