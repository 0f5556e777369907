import Foundation
import Logging
import LWGovModel
import LWGovReport
import LWGovStore

/// Render stage: the reports of one analysed snapshot (SPEC 4). Every XML document is validated
/// against the schema before anything is published; a period is replaced as a whole.
public struct Renderer: Sendable {
    public let templates: TemplateSet
    public let logger: Logger

    public init(templates: TemplateSet, logger: Logger) {
        self.templates = templates
        self.logger = logger
    }

    /// Renders and publishes the reports of a period report already gathered.
    ///
    /// - Throws: `RenderError` (.cannotWrite: an invalid document or an unwritable folder).
    public func render(_ report: PeriodReport, to outputDirectory: String) throws -> RenderReport {
        let start = Date()
        let validator = templates.schema
        let departments = report.reportedDepartments
        let staging = try Publisher(outputDirectory: URL(fileURLWithPath: outputDirectory))
            .begin(period: report.period, folders: ["departments"])
        // Every file is built, checked and written on its own, on every core, as soon as it is
        // ready, so memory holds a few pages at a time. The big overview files go first.
        let templates = self.templates
        // Each XML document is checked against the schema (libxml2 reads the written bytes
        // back as a stream) before it is staged.
        @Sendable func xml(_ path: String, _ document: XMLBuilder.Output) throws(RenderError) {
            if let problem = document.problem {
                throw RenderError(.cannotWrite, "\(path): does not validate against the report schema (\(problem))")
            }
            try staging.write(path, document.data)
        }
        let jobs = 4 + departments.count
        let logger = self.logger
        let outcomes = parallelMap(jobs) { i -> Result<Void, any Error> in
            let jobStart = Date()
            defer {
                if i < 4 { logger.debug("render: \(["overview.xml", "findings.csv", "index.html", "findings.xlsx"][i]) in \(String(format: "%.2f", Date().timeIntervalSince(jobStart))) s") }
            }
            return Result {
                switch i {
                case 0: try xml("overview.xml", try ReportXML.overview(report, validator: validator))
                case 1: try staging.write("findings.csv", FindingsCSV.render(report))
                case 2: try staging.write("index.html", try templates.render(ReportHTML.overview(report), template: "overview"))
                case 3: try FindingsWorkbook.write(report, to: staging.staging.appendingPathComponent("findings.xlsx").path)
                default:
                    let department = departments[i - 4]
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
            for outcome in outcomes { try outcome.get() }
            directory = try staging.publish()
        } catch {
            staging.abandon()
            throw error
        }
        let seconds = Date().timeIntervalSince(start)
        logger.debug("render: files in \(String(format: "%.2f", seconds)) s")
        logger.info("render: \(report.period): \(departments.count) department reports, \(report.findings.count) findings, \(2 * departments.count + 4) files, \(String(format: "%.2f", seconds)) s")
        return RenderReport(
            period: report.period, directory: directory.path, index: directory.appendingPathComponent("index.html").path,
            departments: departments.count, findings: report.findings.count, seconds: seconds
        )
    }
}
