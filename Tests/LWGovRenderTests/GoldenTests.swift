import Foundation
import Logging
import LWGovConfig
import LWGovJob
import LWGovModel
import LWGovRender
import LWGovStore
import Testing

/// The reports of SampleData's May, byte for byte, against files kept beside this test
/// (`Golden/2026-05/`): the overview (HTML and XML), the CSV and the department reports that
/// show each kind of content. Clock injected, so the files are stable.
///
/// A change to the reports shows here as a diff. When it is intended, record the files again
/// and commit them with the change that explains it:
///
///     LWGOV_RECORD_GOLDEN=1 swift test --filter GoldenTests
@Suite(.serialized) struct GoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/2026-05")
    /// The files compared: the overview's three and departments with hints, with many findings
    /// and with none.
    static let files = [
        "index.html", "overview.xml", "findings.csv",
        "departments/ou-0240.html", "departments/ou-0240.xml",  // a master who is not a member (hint)
        "departments/ou-0130.html",  // missing-department-manager with a hint, several rules
        "departments/ou-0120.html",  // findings of several rules
        "departments/ou-0100.html", "departments/ou-0100.xml",  // no findings: the short report
    ]

    /// The months through the job's own stages, with the default configuration.
    private func renderMay() async throws -> URL {
        let tokyo = try #require(CivilTime(identifier: "Asia/Tokyo"))
        var logger = Logger(label: "golden")
        logger.logLevel = .error
        var pipeline = Pipeline(store: try Store.inMemory(), configuration: Configuration(), logger: logger)
        let generatedAt = try #require(tokyo.parseTimestamp("2026-05-01T07:30:00+09:00"))
        pipeline.now = { generatedAt }
        for month in ["2026-02", "2026-03", "2026-04", "2026-05"] {
            let stored = try await pipeline.extract(SnapshotSource(.files(directory: Self.root.appendingPathComponent("SampleData/\(month)").path)))
            _ = try pipeline.analyzePending(after: stored)
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-golden-\(UUID().uuidString)")
        let may = try pipeline.report(try pipeline.store.analysedSnapshot(period: "2026-05"))
        _ = try pipeline.publish(may, templates: try TemplateSet.load(), to: out.path)
        return out.appendingPathComponent("2026-05")
    }

    @Test func sampleDataMayRendersAsRecorded() async throws {
        let rendered = try await renderMay()
        defer { try? FileManager.default.removeItem(at: rendered.deletingLastPathComponent()) }
        let record = ProcessInfo.processInfo.environment["LWGOV_RECORD_GOLDEN"] == "1"
        for file in Self.files {
            let actual = try Data(contentsOf: rendered.appendingPathComponent(file))
            let goldenFile = Self.golden.appendingPathComponent(file)
            if record {
                try FileManager.default.createDirectory(at: goldenFile.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: goldenFile)
                continue
            }
            let expected = try Data(contentsOf: goldenFile)
            #expect(actual == expected, "\(file) differs from Golden/2026-05/\(file):\n\(Self.diff(expected, actual))")
        }
    }

    /// The first differing lines, with line numbers (a whole report would drown the message).
    static func diff(_ expected: Data, _ actual: Data, context: Int = 8) -> String {
        let a = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let b = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        var lines: [String] = []
        for i in 0..<max(a.count, b.count) where lines.count < context * 2 {
            let left = i < a.count ? a[i] : "<end>", right = i < b.count ? b[i] : "<end>"
            if left != right {
                lines.append("line \(i + 1) - \(left.prefix(300))")
                lines.append("line \(i + 1) + \(right.prefix(300))")
            }
        }
        if a.count != b.count { lines.append("(\(a.count) lines expected, \(b.count) rendered)") }
        lines.append("If the change is intended: LWGOV_RECORD_GOLDEN=1 swift test --filter GoldenTests")
        return lines.joined(separator: "\n")
    }
}
