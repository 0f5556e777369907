import ArgumentParser
import Foundation
import LWGovAnalysis
import LWGovExtract
import LWGovModel
import LWGovStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the monthly job over every SampleData month into a fresh local store."
    )

    @Option(help: "Where the demo store and reports go (replaced).") var out = "./lwgov-demo"
    @Option(help: "The SampleData directory.") var sampleData = "./SampleData"
    @Flag(name: .long, help: "Log detail to stderr.") var verbose = false

    func run() throws {
        try Terminal.run {
            Terminal.bootstrapLogging(verbose: verbose)
            let months = try DemoCommand.months(in: sampleData)
            let fm = FileManager.default
            try? fm.removeItem(atPath: out)
            let dbPath = URL(fileURLWithPath: out).appendingPathComponent("lwgov.sqlite").path
            var config = LWGovModel.Configuration()
            config.store.path = dbPath
            let store = try Store.open(path: dbPath)
            let extractor = Extractor(store: store, options: config.storeOptions(), logger: .init(label: "lwgov"))
            let analyzer = Analyzer(
                store: store, settings: AnalysisSettings(configuration: config, civilTime: config.civilTime),
                logger: .init(label: "lwgov")
            )
            for month in months {
                let report = try extractor.extract(directory: month)
                FileHandle.standardError.write(Data("\(URL(fileURLWithPath: month).lastPathComponent): \(ExtractSummary.line(report))\n".utf8))
                _ = try analyzer.analyzePending()
            }
            let renderer = try Pipeline.renderer(store: store, config: config, logger: .init(label: "lwgov"))
            let reportsDir = URL(fileURLWithPath: out).appendingPathComponent("reports").path
            var index = ""
            for snapshot in try store.analysedSnapshots() {
                index = try renderer.render(snapshot: snapshot, to: reportsDir).index
            }
            if let latest = try store.analysedSnapshots().last {
                FileHandle.standardError.write(Data((StatusTable.render(states: try store.findingStates(snapshotId: latest.id), period: latest.period) + "\n").utf8))
            }
            print(index)
        }
    }

    /// The `YYYY-MM…` sub-directories of SampleData, in order.
    static func months(in sampleData: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: sampleData)
        } catch {
            throw ExtractError(.badInput, "\(sampleData): SampleData not found; run from the project root or give --sample-data")
        }
        let months = names.filter { $0.range(of: #"^\d{4}-\d{2}"#, options: .regularExpression) != nil }.sorted()
        guard !months.isEmpty else { throw ExtractError(.badInput, "\(sampleData): no YYYY-MM month directories") }
        return months.map { URL(fileURLWithPath: sampleData).appendingPathComponent($0).path }
    }
}
