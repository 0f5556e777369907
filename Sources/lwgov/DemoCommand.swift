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
                if URL(fileURLWithPath: month).lastPathComponent == "2026-04" { try Self.grantDemoWaivers(store, config) }
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

    /// Two exceptions the DX team grants in April, so the reports show 例外承認: one lasting,
    /// one ending on 4/30 (its finding is back in May).
    static func grantDemoWaivers(_ store: Store, _ config: LWGovModel.Configuration) throws {
        let at = config.civilTime.parseTimestamp("2026-03-27T10:00:00") ?? Date()
        _ = try store.addWaiver(
            rule: .notPublic, groupId: "g-0047", subject: nil, until: "2026-09-30",
            reason: "人事制度の検討中のため、検討期間に限り非公開を承認", grantedBy: "ＤＸ推進課長", at: at
        )
        _ = try store.addWaiver(
            rule: .singleMaster, groupId: "g-0007", subject: nil, until: "2026-04-30",
            reason: "担当者1名体制の間（4月末まで）", grantedBy: "ＤＸ推進課長", at: at
        )
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
