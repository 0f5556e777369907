import Foundation
@testable import LWGovRender
import LWGovStore
import Mustache
import Testing
import LWGovReport

/// The compiled templates must render exactly what the reference Mustache implementation
/// (swift-mustache) renders for the same template and data.
struct TemplateTests {
    /// Renders with both implementations.
    private func both(
        _ template: String, _ context: [String: TemplateValue], partials: [String: String] = [:]
    ) throws -> (compiled: String, reference: String) {
        var compiled: [String: CompiledTemplate] = ["main": try CompiledTemplate(template)]
        var library = MustacheLibrary()
        try library.register(template, named: "main")
        for (name, text) in partials {
            compiled[name] = try CompiledTemplate(text)
            try library.register(text, named: name)
        }
        let ours = try TemplateRenderer(templates: compiled).render("main", context).map { String(decoding: $0, as: UTF8.self) }
        let theirs = library.render(TemplateValue.object(context).untyped, withTemplate: "main")
        return (try #require(ours), try #require(theirs))
    }

    @Test(arguments: [
        // Escaping, triple and ampersand.
        "a {{name}} b {{{name}}} c {{& name}}",
        // Standalone section, inverted and comment lines disappear; inline ones do not.
        "x\n{{#yes}}\n  in\n{{/yes}}\n{{^no}}\nnot\n{{/no}}\n  {{! note }}\ny {{#yes}}inline{{/yes}} z\n",
        // Lists, nested lookup from outer scopes, dotted names, and `.`.
        "{{#items}}[{{label}}:{{n}}/{{outer.deep}}/{{name}}]{{/items}}{{#words}}<{{.}}>{{/words}}",
        // Empty list and false are falsy; missing names render nothing.
        "{{#empty}}E{{/empty}}{{^empty}}none{{/empty}}{{#no}}N{{/no}}{{missing}}|{{outer.missing}}",
        // A string section pushes the string (names fall through to outer scopes).
        "{{#name}}has {{n}}{{/name}}",
        // A standalone partial at line start, and one indented.
        "top\n{{> part}}\n  {{> part}}\nend",
        // Tags at the very start and end, with CRLF line ends.
        "{{#yes}}\r\nwin\r\n{{/yes}}",
    ])
    func matchesTheReferenceImplementation(template: String) throws {
        let context: [String: TemplateValue] = [
            "name": "<b>\"Tom\" & 'Jerry'</b>", "n": 7, "yes": true, "no": false, "empty": .list([]),
            "outer": .object(["deep": "D"]),
            "items": .objects([["label": "一", "n": 1], ["label": "二<", "n": 2]]),
            "words": .list(["a", "&"]),
        ]
        let result = try both(template, context, partials: ["part": "p1 {{n}}\np2\n"])
        #expect(result.compiled == result.reference)
    }

    @Test func theBuiltInReportsMatchTheReferenceImplementation() throws {
        let store = try analysedStore()
        let r = try renderer(store)
        let snapshot = try r.store.analysedSnapshot(id: nil, period: nil)
        let report = try r.report(snapshot)
        var library = MustacheLibrary()
        let builtIn = try #require(TemplateSet.builtInDirectory)
        for name in ["header", "footer", "department", "overview"] {
            try library.register(try String(contentsOfFile: "\(builtIn)/\(name).mustache", encoding: .utf8), named: name)
        }
        var contexts = report.reportedDepartments.map { ("department", ReportHTML.department(report, department: $0)) }
        contexts.append(("overview", ReportHTML.overview(report)))
        for (template, context) in contexts {
            let ours = String(decoding: try r.templates.render(context, template: template), as: UTF8.self)
            var withCSS = context
            withCSS["css"] = .text(r.templates.css)
            let theirs = try #require(library.render(TemplateValue.object(withCSS).untyped, withTemplate: template))
            #expect(ours == theirs)
        }
    }

    @Test func unsupportedOrBrokenTemplatesAreRefusedWithTheirLine() {
        #expect(throws: TemplateSyntaxError.self) { try CompiledTemplate("a\n{{=<% %>=}}") }
        #expect(throws: TemplateSyntaxError.self) { try CompiledTemplate("{{#open}}\nnever closed") }
        #expect(throws: TemplateSyntaxError.self) { try CompiledTemplate("{{/stray}}") }
        #expect(throws: TemplateSyntaxError.self) { try CompiledTemplate("{{unclosed") }
        do {
            _ = try CompiledTemplate("line1\nline2\n{{#a}}{{/b}}")
            Issue.record("a mismatched section was accepted")
        } catch {
            #expect(error.description.hasPrefix("line 3:"))
        }
    }

    @Test func aTemplateUsingAMissingPartialIsAConfigurationError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{{> nowhere}}".write(to: dir.appendingPathComponent("department.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try TemplateSet.load(overrideDirectory: dir.path)
            Issue.record("a missing partial was accepted")
        } catch {
            #expect(error.message.contains("nowhere"))
            #expect(error.kind == .configuration)
        }
    }
}

/// Templates from `output.templates_dir` are the DX team's files, but a mistake in one must not
/// crash lwgov or make it work for ever (issue 16, item 8).
struct TemplateBoundsTests {
    @Test func nestingIsBoundedWhenCompiling() throws {
        let fine = CompiledTemplate.maximumNesting
        _ = try CompiledTemplate(String(repeating: "{{#a}}", count: fine) + String(repeating: "{{/a}}", count: fine))
        let deep = 100_000
        do {
            _ = try CompiledTemplate("top\n" + String(repeating: "{{#a}}", count: deep) + String(repeating: "{{/a}}", count: deep))
            Issue.record("100,000 nested sections were accepted")
        } catch {
            #expect(error.line == 2 && error.problem.contains("nested more than 100"), "\(error)")
        }
    }

    @Test func aPageBeyondTheBudgetStopsRendering() throws {
        let template = try CompiledTemplate(String(repeating: "{{#items}}", count: 30) + "x" + String(repeating: "{{/items}}", count: 30))
        var renderer = TemplateRenderer(templates: ["main": template])
        renderer.budget.steps = 100_000
        let context: [String: TemplateValue] = ["items": .list([1, 2, 3])]
        #expect(throws: TemplateOverflow.self) { try renderer.render("main", context) }
        // Within the budget the same template renders.
        let small = try CompiledTemplate("{{#items}}{{#items}}{{.}}{{/items}}{{/items}}")
        renderer = TemplateRenderer(templates: ["main": small], budget: renderer.budget)
        #expect(try renderer.render("main", context).map { String(decoding: $0, as: UTF8.self) } == "123123123")
    }

    @Test func aTemplateFileThatIsNotARegularFileIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("department.mustache").path, withDestinationPath: "/dev/zero")
        do {
            _ = try TemplateSet.load(overrideDirectory: dir.path)
            Issue.record("/dev/zero was read as a template")
        } catch {
            #expect(error.kind == .configuration && error.message.contains("not a regular file"), "\(error.message)")
        }
    }
}
