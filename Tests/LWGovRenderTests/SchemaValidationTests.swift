import Foundation
@testable import LWGovRender
import Testing

/// Reports are validated by libxml2 reading the written bytes back (`XMLBuilder.finish`,
/// `XMLSchemaValidator`). Each draft below must get the verdict it had when reports were
/// validated from the events of their writing.
struct SchemaValidationTests {
    /// A small department report; `edit` changes one thing about it.
    struct Draft {
        var period = "2026-04"
        var rule = "single-master"
        var keys = ["single-master g1 ", "not-public g1 "]
        var groupName = "会議 & \"連絡\" <一課> &#38; \t改行\n\r終"
        var message = "マスターが1名 & <b>のみ</b> \"です\" &#38; ]]>"
        var withSummary = true
        var departmentId = "soumu"
    }

    static func build(_ draft: Draft, validator: XMLSchemaValidator?) throws -> XMLBuilder.Output {
        let xml = try XMLBuilder()
        xml.start("report", namespace: ReportXML.namespace)
        xml.attribute("period", draft.period)
        xml.attribute("snapshotTakenAt", "2026-04-01T06:00:00+09:00")
        xml.attribute("generatedAt", "2026-04-01T07:00:00+09:00")
        xml.element("organization", ["name": "翠川市 & <市>"])
        xml.element("department", ["id": draft.departmentId, "name": "総務課", "path": "総務部/総務課"])
        if draft.withSummary {
            xml.element("summary", [
                "groups": "1", "groupsWithFindings": "1", "new": "2", "open": "0", "resolved": "0", "waived": "0",
            ])
        }
        xml.start("group")
        xml.attribute("id", "g1")
        xml.attribute("name", draft.groupName)
        xml.attribute("visible", "false")
        xml.attribute("activeMasters", "1")
        xml.attribute("effectiveMembers", "3")
        xml.attribute("departments", "soumu")
        for (i, key) in draft.keys.enumerated() {
            xml.start("finding")
            xml.attribute("rule", i == 0 ? draft.rule : "not-public")
            xml.attribute("subject", "")
            xml.attribute("severity", "medium")
            xml.attribute("status", "new")
            xml.attribute("firstSeen", "2026-04-01")
            xml.attribute("ageDays", "0")
            xml.attribute("key", key)
            xml.element("message", text: draft.message)
            xml.element("remediation", text: "")
            xml.start("evidence")
            xml.element("item", ["label": "マスター & 副"], text: "山田 <太郎>")
            xml.end()
            xml.end()
        }
        xml.end()
        xml.start("resolved")
        xml.end()
        xml.end()
        return xml.finish(checkedAgainst: validator)
    }

    static let drafts: [(String, Draft)] = {
        var list: [(String, Draft)] = [("valid, with escapes in every value", Draft())]
        var d = Draft()
        d.rule = "no-such-rule"
        list.append(("a rule outside the enumeration", d))
        d = Draft()
        d.keys = ["single-master g1 ", "single-master g1 "]
        list.append(("two findings with one key (xs:unique)", d))
        d = Draft()
        d.period = "2026-13"
        list.append(("a period outside the pattern", d))
        d = Draft()
        d.withSummary = false
        list.append(("a required element missing", d))
        d = Draft()
        d.departmentId = ""
        list.append(("an empty department id", d))
        d = Draft()
        d.keys = []
        list.append(("a group without findings", d))
        return list
    }()

    @Test(arguments: drafts)
    func eachDraftGetsItsVerdict(_ name: String, _ draft: Draft) throws {
        let validator = try XMLSchemaValidator(path: try TemplateSet.load().schemaPath)
        let checked = try Self.build(draft, validator: validator)
        let plain = try Self.build(draft, validator: nil)
        #expect(checked.data == plain.data, "validation must not change what is written")
        #expect(plain.problem == nil)
        let expectValid = name.hasPrefix("valid")
        #expect((checked.problem == nil) == expectValid, "\(name): \(checked.problem ?? "valid")")
        // The public check of a written file agrees.
        #expect((validator.problem(in: checked.data, name: "draft.xml") == nil) == expectValid)
    }

    @Test func aProblemSaysWhatAndWhere() throws {
        let validator = try XMLSchemaValidator(path: try TemplateSet.load().schemaPath)
        var draft = Draft()
        draft.rule = "no-such-rule"
        let output = try Self.build(draft, validator: validator)
        let problem = try #require(output.problem)
        #expect(problem.contains("no-such-rule"))
        let lines = String(decoding: output.data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("rule=\"no-such-rule\"") }) + 1
        #expect(problem.hasPrefix("line \(line): "), "\(problem)")
        #expect(validator.problem(in: output.data, name: "draft.xml") == "draft.xml: does not validate against the report schema (\(problem))")
    }

    /// A problem only the end of the document shows is still reported (the renderer's refusal to
    /// publish is in `RenderTests.rerenderReplacesThePeriodAndAFailedRenderLeavesTheOldOne`).
    @Test func aProblemFoundAtTheEndIsReported() throws {
        let validator = try XMLSchemaValidator(path: try TemplateSet.load().schemaPath)
        let xml = try XMLBuilder()
        xml.start("report", namespace: ReportXML.namespace)
        xml.attribute("period", "2026-04")
        xml.attribute("snapshotTakenAt", "2026-04-01T06:00:00+09:00")
        xml.attribute("generatedAt", "2026-04-01T07:00:00+09:00")
        xml.element("organization", ["name": "翠川市"])
        xml.element("summary", ["groups": "0", "groupsWithFindings": "0", "new": "0", "open": "0", "resolved": "0", "waived": "0"])
        xml.end()  // <resolved> is required and missing: found when <report> ends
        let output = xml.finish(checkedAgainst: validator)
        #expect(output.problem != nil)
        #expect(validator.problem(in: output.data, name: "short.xml") != nil)
    }

    /// The parser reading a document back never resolves an entity or loads a DTD.
    @Test func aDocumentWithADoctypeGainsNothingFromIt() throws {
        let validator = try XMLSchemaValidator(path: try TemplateSet.load().schemaPath)
        let hostile = """
            <?xml version="1.0"?>
            <!DOCTYPE report SYSTEM "http://127.0.0.1:9/report.dtd" [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <report xmlns="urn:lwgov:report:1" period="2026-04" snapshotTakenAt="2026-04-01T06:00:00+09:00" generatedAt="2026-04-01T06:00:00+09:00">
            <organization name="&secret;"/><summary groups="0" groupsWithFindings="0" new="0" open="0" resolved="0" waived="0"/><resolved/></report>
            """
        let problem = validator.problem(in: Data(hostile.utf8), name: "hostile.xml")
        #expect(problem.map { !$0.contains("root:") } ?? true)
    }
}
