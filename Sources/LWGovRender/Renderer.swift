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
        let validator = try XMLSchemaValidator(path: templates.schemaPath)
        var files: [String: Data] = [:]
        func addXML(_ path: String, _ data: Data) throws(RenderError) {
            if let problem = validator.problem(in: data, name: path) { throw RenderError(.invalidXML, problem) }
            files[path] = data
        }
        let departments = report.reportedDepartments
        // Department pages are independent: build them on every core, then check them in order.
        let pages = ParallelResults<(xml: Data, html: Data)>(count: departments.count)
        let templates = self.templates
        DispatchQueue.concurrentPerform(iterations: departments.count) { i in
            pages.set(i) {
                (
                    try ReportXML.department(report, department: departments[i]),
                    try templates.render(ReportHTML.department(report, department: departments[i]), template: "department")
                )
            }
        }
        for (department, page) in zip(departments, try pages.values()) {
            try addXML("departments/\(department.id).xml", page.xml)
            files["departments/\(department.id).html"] = page.html
        }
        try addXML("overview.xml", try ReportXML.overview(report))
        files["index.html"] = try templates.render(ReportHTML.overview(report), template: "overview")
        files["findings.csv"] = FindingsCSV.render(report)
        let directory = try Publisher(outputDirectory: URL(fileURLWithPath: outputDirectory)).publish(period: report.period, files: files)
        let seconds = Date().timeIntervalSince(start)
        logger.info("render: \(report.period): \(departments.count) department reports, \(report.findings.count) findings, \(files.count) files, \(String(format: "%.2f", seconds)) s")
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
