import Foundation
import Logging
import LWGovModel
import LWGovStore

/// What one render wrote.
public struct RenderReport: Sendable {
    public var period: String
    public var directory: String
    public var index: String
    public var departments: Int
    public var findings: Int
    public var seconds: Double
}

/// Render stage: the reports of one analysed snapshot (SPEC 4). Every XML document is validated
/// against the schema before anything is published; a period is replaced as a whole.
public struct Renderer: Sendable {
    public let store: Store
    public let configuration: Configuration
    public let civilTime: CivilTime
    public let templates: TemplateSet
    public let logger: Logger
    /// The clock for `generatedAt`; injected so tests are reproducible.
    public var now: @Sendable () -> Date = { Date() }

    public init(store: Store, configuration: Configuration, civilTime: CivilTime, templates: TemplateSet, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.civilTime = civilTime
        self.templates = templates
        self.logger = logger
    }

    /// The snapshot to render: by id, by period, or the newest analysed one.
    ///
    /// - Throws: `StoreError` (.badInput) when there is none.
    public func resolveSnapshot(id: Int64?, period: String?) throws(StoreError) -> SnapshotInfo {
        let analysed = try store.analysedSnapshots()
        if let id {
            guard let found = analysed.first(where: { $0.id == id }) else {
                throw StoreError(.badInput, "snapshot #\(id) is not analysed; run `lwgov analyze --snapshot \(id)` first")
            }
            return found
        }
        if let period {
            guard let found = analysed.last(where: { $0.period == period }) else {
                throw StoreError(.badInput, "no analysed snapshot for period \(period); `lwgov status` lists them")
            }
            return found
        }
        guard let newest = analysed.last else {
            throw StoreError(.badInput, "nothing to render: no snapshot has been analysed yet (run `lwgov analyze`)")
        }
        return newest
    }

    /// Renders and publishes `outputDirectory/<period>/`.
    ///
    /// - Throws: `StoreError`, or `RenderError` (.invalidXML, .cannotWrite, .template).
    public func render(snapshot: SnapshotInfo, to outputDirectory: String) throws -> RenderReport {
        let start = Date()
        let report = try PeriodReport.load(
            store: store, snapshot: snapshot, configuration: configuration, civilTime: civilTime, generatedAt: now()
        )
        let loaded = Date()
        let validator = templates.schema
        let departments = report.reportedDepartments
        let staging = try Publisher(outputDirectory: URL(fileURLWithPath: outputDirectory))
            .begin(period: report.period, folders: ["departments"])
        // Every file is built, checked and written on its own, on every core, as soon as it is
        // ready, so memory holds a few pages at a time. The big overview files go first.
        let templates = self.templates
        // Documents are validated as they are written (`SchemaEvents`): no second parse.
        @Sendable func xml(_ path: String, _ document: XMLBuilder.Output) throws(RenderError) {
            if let problem = document.problem {
                throw RenderError(.invalidXML, "\(path): does not validate against the report schema (\(problem))")
            }
            try staging.write(path, document.data)
        }
        let jobs = 3 + departments.count
        let results = ParallelResults<Void>(count: jobs)
        let logger = self.logger
        DispatchQueue.concurrentPerform(iterations: jobs) { i in
            let jobStart = Date()
            defer {
                if i < 3 { logger.debug("render: \(["overview.xml", "findings.csv", "index.html"][i]) in \(String(format: "%.2f", Date().timeIntervalSince(jobStart))) s") }
            }
            results.set(i) {
                switch i {
                case 0: try xml("overview.xml", try ReportXML.overview(report, validator: validator))
                case 1: try staging.write("findings.csv", FindingsCSV.render(report))
                case 2: try staging.write("index.html", try templates.render(ReportHTML.overview(report), template: "overview"))
                default:
                    let department = departments[i - 3]
                    // Ids from the directory are made safe as file names (SPEC 4): never a path.
                    let stem = "departments/" + IdFileName.stem(for: department.id)
                    try xml(stem + ".xml", try ReportXML.department(report, department: department, validator: validator))
                    try staging.write(
                        stem + ".html",
                        try templates.render(ReportHTML.department(report, department: department), template: "department")
                    )
                }
            }
        }
        let directory: URL
        do {
            _ = try results.values()
            directory = try staging.publish()
        } catch {
            staging.abandon()
            throw error
        }
        let seconds = Date().timeIntervalSince(start)
        logger.debug("render: loaded in \(String(format: "%.2f", loaded.timeIntervalSince(start))) s, files in \(String(format: "%.2f", Date().timeIntervalSince(loaded))) s")
        logger.info("render: \(report.period): \(departments.count) department reports, \(report.findings.count) findings, \(2 * departments.count + 3) files, \(String(format: "%.2f", seconds)) s")
        return RenderReport(
            period: report.period, directory: directory.path, index: directory.appendingPathComponent("index.html").path,
            departments: departments.count, findings: report.findings.count, seconds: seconds
        )
    }
}

/// Results of a parallel loop, one slot per iteration, written under a lock.
final class ParallelResults<Value>: @unchecked Sendable {
    private var slots: [Result<Value, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ body: () throws -> Value) {
        let result = Result { try body() }
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// All values in order, or the first error.
    func values() throws -> [Value] {
        try slots.map { slot in
            guard let slot else { throw RenderError(.cannotWrite, "internal: a report page was not built") }
            return try slot.get()
        }
    }
}
