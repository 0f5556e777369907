import Foundation
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovConfig
import LWGovModel
import LWGovRender
import LWGovStore

/// `lwgov demo`: the monthly job over every SampleData month, into a fresh store.
public enum Demo {
    public struct Outcome: Sendable {
        /// The pipeline the months ran through (its store is the demo's).
        public var pipeline: Pipeline
        /// The newest period's `index.html`.
        public var index: String
    }

    /// Runs the job month by month with the sample city's configuration (`lwgov.toml` in
    /// `sampleData`, when there is one); `out` is replaced. In April the DX team grants two
    /// exceptions first, so the reports show 例外承認.
    ///
    /// - Throws: `ExtractError` (65) when `sampleData` has no months; `ConfigError` (78) for a bad
    ///   `lwgov.toml`; whatever a run throws.
    public static func run(sampleData: String, out: String, logger: Logger) async throws -> Outcome {
        let months = try Self.months(in: sampleData)
        let cityConfig = URL(fileURLWithPath: sampleData).appendingPathComponent("lwgov.toml").path
        var config = FileManager.default.fileExists(atPath: cityConfig) ? try ConfigLoader.load(path: cityConfig) : Configuration()
        try? FileManager.default.removeItem(atPath: out)
        let outURL = URL(fileURLWithPath: out)
        config.store.path = outURL.appendingPathComponent("lwgov.sqlite").path
        config.output.dir = outURL.appendingPathComponent("reports").path
        let store = try Store.open(path: config.store.path)
        let job = MonthlyJob(pipeline: Pipeline(store: store, configuration: config, logger: logger), templates: try config.templates())
        var outcome = Outcome(pipeline: job.pipeline, index: "")
        for month in months {
            if URL(fileURLWithPath: month).lastPathComponent == "2026-04" { try grantWaivers(store, config) }
            outcome.index = try await job.run(SnapshotSource(.files(directory: month)), outputDirectory: config.output.dir).render.index
            if URL(fileURLWithPath: month).lastPathComponent == "2026-04" { try promisePlan(store, config) }
        }
        return outcome
    }

    /// Two exceptions the DX team grants in April: one lasting, one ending on 4/30 (its finding
    /// is back in May).
    static func grantWaivers(_ store: Store, _ config: Configuration) throws {
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

    /// A promise the 人事課 makes after April's report (SPEC 3.6): its private group is to be made
    /// public after the evaluation period; May's reports show the plan and its date as the due date.
    static func promisePlan(_ store: Store, _ config: Configuration) throws {
        let at = config.civilTime.parseTimestamp("2026-04-10T10:00:00") ?? Date()
        _ = try RemediationPlans(store: store, settings: config.analysisSettings).plan(
            FindingKey(rule: .notPublic, groupId: "g-0218"), due: "2026-06-30",
            note: "人事評価の期間終了後（6月末）に公開へ変更する", by: "人事課長", at: at
        )
    }

    /// The `YYYY-MM…` sub-directories of SampleData, in order.
    static func months(in sampleData: String) throws(ExtractError) -> [String] {
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
