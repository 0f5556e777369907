import Foundation
import Testing

/// A hostile or broken `output.templates_dir` (issue 16, item 8), end to end through the built
/// binary: refused with 78 naming the file and line, before `run` stores anything, without
/// crashing, without exponential work, and without libxml2 reading other files.
@Suite(.serialized) struct HostileTemplateTests {
    static let base = HostileCorpus.base.path

    /// One case: the files of the templates folder, and what the stderr line must (not) hold.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var files: [String: String]
        var message: [String]
        var forbid: [String] = []
        var description: String { name }
    }

    static let cases: [Case] = {
        let deep = 100_000
        let nested = String(repeating: "{{#a}}", count: deep) + String(repeating: "{{/a}}", count: deep)
        // Thirty partials, each including the next twice: 2^30 copies of the last one.
        var doubling: [String: String] = ["department.mustache": "{{> p0}}"]
        for i in 0..<30 { doubling["p\(i).mustache"] = "{{> p\(i + 1)}}{{> p\(i + 1)}}" }
        doubling["p30.mustache"] = "x"
        let schemaHead = #"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:lwgov:report:1" elementFormDefault="qualified">"#
        return [
            Case(name: "100,000 nested sections", files: ["department.mustache": nested],
                 message: ["department.mustache", "line 1", "nested more than 100"]),
            Case(name: "a partial including itself", files: ["department.mustache": "<p>\n{{> department}}\n</p>\n"],
                 message: ["department.mustache", "line 2", "{{> department}}"]),
            Case(name: "partials including each other", files: [
                "department.mustache": "{{> a}}", "a.mustache": "a\n\n{{> b}}", "b.mustache": "{{#x}}{{> a}}{{/x}}",
            ], message: ["line 1", "a.mustache → b.mustache → a.mustache"]),
            Case(name: "partials doubling thirty times", files: doubling, message: ["department.mustache", "expands"]),
            Case(name: "an XSD including a local file", files: [
                "report.xsd": "<?xml version=\"1.0\"?>\n\(schemaHead)\n  <xs:include schemaLocation=\"/etc/passwd\"/>\n</xs:schema>\n",
            ], message: ["report.xsd", "line 3", "xs:include"], forbid: ["root:"]),
            Case(name: "an XSD importing from the network", files: [
                "report.xsd": "<?xml version=\"1.0\"?>\n\(schemaHead)\n<xs:import namespace=\"urn:x\" schemaLocation=\"http://127.0.0.1:9/x.xsd\"/>\n</xs:schema>\n",
            ], message: ["report.xsd", "line 3", "xs:import"]),
            Case(name: "an XSD with an external entity", files: [
                "report.xsd": """
                    <?xml version="1.0"?>
                    <!DOCTYPE xs:schema [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
                    \(schemaHead)
                      <xs:element name="report"><xs:annotation><xs:documentation>&secret;</xs:documentation></xs:annotation></xs:element>
                    </xs:schema>

                    """,
            ], message: ["report.xsd", "DOCTYPE"], forbid: ["root:"]),
            Case(name: "an XSD that is not XML", files: ["report.xsd": "not xml at all <"], message: ["report.xsd"]),
        ]
    }()

    /// `run` with the folder: 78, one line, and the store holds only the snapshot it had.
    @Test(arguments: cases)
    func aBadTemplatesDirFailsRunBeforeAnythingIsStored(_ c: Case) throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        #expect(try lwgov.run("extract", "--from", Self.base, "--db", "s.sqlite", "--taken-at", "2026-09-01T06:00:00+09:00").status == 0)
        let folder = URL(fileURLWithPath: lwgov.path("tpl"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in c.files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let r = try lwgov.runGuarded([
            "run", "--from", Self.base, "--db", "s.sqlite", "--out", "out", "--taken-at", "2026-10-01T06:00:00+09:00",
            "--templates-dir", "tpl",
        ])
        print("template  \(c.name.padding(toLength: 34, withPad: " ", startingAt: 0)) got \(r.outcome)  \(r.stderr.prefix(200))")
        #expect(!r.signalled && !r.timedOut, "\(c): \(r.outcome)")
        #expect(r.status == 78, "\(c): exit \(r.outcome): \(r.stderr)")
        #expect(r.stderr.hasPrefix("lwgov: ") && r.stderr.filter { $0 == "\n" }.count == 1, "\(c): \(r.stderr)")
        for fragment in c.message { #expect(r.stderr.contains(fragment), "\(c): stderr lacks '\(fragment)': \(r.stderr)") }
        for fragment in c.forbid { #expect(!r.stderr.contains(fragment), "\(c): stderr holds '\(fragment)'") }
        let listed = try lwgov.run("snapshots", "--db", "s.sqlite")
        #expect(listed.stdout.split(separator: "\n").count == 1, "\(c): stored: \(listed.stdout)")
        #expect(!FileManager.default.fileExists(atPath: lwgov.path("out")))
    }

    /// Sections that repeat a list inside itself sixty times: the output would be 7^60 pages;
    /// render stops with 78 naming the template instead of running for ever.
    @Test func aTemplateWhoseOutputWouldExplodeIsRefused() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        #expect(try lwgov.run("extract", "--from", Self.base, "--db", "s.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00").status == 0)
        #expect(try lwgov.run("analyze", "--db", "s.sqlite").status == 0)
        let folder = URL(fileURLWithPath: lwgov.path("tpl"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let depth = 60
        let overview = String(repeating: "{{#rules}}", count: depth) + "x" + String(repeating: "{{/rules}}", count: depth)
        try Data(overview.utf8).write(to: folder.appendingPathComponent("overview.mustache"))
        let r = try lwgov.runGuarded(["render", "--db", "s.sqlite", "--out", "out", "--templates-dir", "tpl"])
        #expect(!r.signalled && !r.timedOut, "\(r.outcome)")
        #expect(r.status == 78, "exit \(r.outcome): \(r.stderr)")
        #expect(r.stderr.contains("overview.mustache") && r.stderr.contains("too large"), "\(r.stderr)")
    }
}
