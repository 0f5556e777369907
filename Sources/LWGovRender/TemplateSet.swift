import Foundation
import LWGovModel
import LWGovReport

/// The Mustache templates and stylesheet: `Templates/` built in, or a directory that overrides
/// them file by file (`output.templates_dir`). Templates are compiled, their partials checked and
/// the schema parsed once, when loaded, so a bad folder is refused (78) before a run stores
/// anything.
public struct TemplateSet: Sendable {
    let templates: [String: CompiledTemplate]
    let css: String
    /// The XSD every XML document is validated against.
    public let schemaPath: String
    /// That XSD, parsed.
    public let schema: XMLSchemaValidator

    /// The folder of the built-in templates, shipped next to the binary.
    static var builtInDirectory: String? { Bundle.module.url(forResource: "Templates", withExtension: nil)?.path }

    /// Partials may include partials this deep (the renderer stops there).
    static let maximumPartialDepth = 32
    /// Text a template may expand to through its partials, before any list repeats it.
    static let maximumExpansion = 16 << 20
    /// The largest template, stylesheet or schema file read.
    static let maximumFileSize = 8 << 20

    /// - Parameter overrideDirectory: files here replace the built-in ones of the same name.
    /// - Throws: `RenderError` (.configuration) naming the file (and line) that cannot be used: one
    ///   that does not parse, nests sections too deep, includes itself through partials, expands
    ///   beyond `maximumExpansion`, or an XSD that is not a self-contained schema.
    public static func load(overrideDirectory: String? = nil) throws(RenderError) -> TemplateSet {
        guard let builtIn = builtInDirectory else {
            throw RenderError(.configuration, "the built-in Templates/ resource is missing next to the lwgov binary")
        }
        let fm = FileManager.default
        func locate(_ name: String) -> String {
            if let overrideDirectory, !overrideDirectory.isEmpty {
                let candidate = URL(fileURLWithPath: overrideDirectory).appendingPathComponent(name).path
                if fm.fileExists(atPath: candidate) { return candidate }
            }
            return URL(fileURLWithPath: builtIn).appendingPathComponent(name).path
        }
        var names = Set((try? fm.contentsOfDirectory(atPath: builtIn)) ?? [])
        if let overrideDirectory, !overrideDirectory.isEmpty {
            guard let extra = try? fm.contentsOfDirectory(atPath: overrideDirectory) else {
                throw RenderError(.configuration, "\(overrideDirectory): templates directory (output.templates_dir) cannot be read")
            }
            names.formUnion(extra)
        }
        var templates: [String: CompiledTemplate] = [:]
        var paths: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = locate(name)
            let text = try readText(path)
            let template = String(name.dropLast(".mustache".count))
            do {
                templates[template] = try CompiledTemplate(text)
            } catch {
                throw RenderError(.configuration, "\(path): not a valid Mustache template (\(error))")
            }
            paths[template] = path
        }
        for required in ["department", "overview"] where templates[required] == nil {
            throw RenderError(.configuration, "template \(required).mustache is missing")
        }
        for (name, template) in templates.sorted(by: { $0.key < $1.key }) {
            if let missing = template.partials.first(where: { templates[$0.name] == nil }) {
                throw RenderError(.configuration, "\(paths[name] ?? name): line \(missing.line): uses the partial {{> \(missing.name)}}, but \(missing.name).mustache is missing")
            }
        }
        try checkPartials(templates, paths: paths)
        let css = try readText(locate("report.css"))
        let schemaPath = locate("report.xsd")
        let schema = try XMLSchemaValidator(path: schemaPath)
        return TemplateSet(templates: templates, css: css, schemaPath: schemaPath, schema: schema)
    }

    /// A template, stylesheet or schema: a regular file of at most `maximumFileSize` bytes, in
    /// UTF-8. Checked before reading, so a FIFO or `/dev/zero` is refused instead of read.
    static func readText(_ path: String) throws(RenderError) -> String {
        guard let status = try? FileStatus.of(path), status.kind == .regular else {
            throw RenderError(.configuration, "\(path): cannot be read (not a regular file)")
        }
        guard status.size <= maximumFileSize else {
            throw RenderError(.configuration, "\(path): larger than \(maximumFileSize >> 20) MB; templates_dir holds templates, not data")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderError(.configuration, "\(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let place = firstInvalidUTF8(in: data).map { " (line \($0.line), column \($0.column))" } ?? ""
            throw RenderError(.configuration, "\(path): not UTF-8\(place)")
        }
        return text
    }

    /// Refuses partials that include themselves (directly or through others), chains deeper
    /// than `maximumPartialDepth`, and templates whose partials expand beyond
    /// `maximumExpansion`, naming the file and the line of the `{{> …}}` tag.
    private static func checkPartials(_ templates: [String: CompiledTemplate], paths: [String: String]) throws(RenderError) {
        // Per template: how deep its partials go, and its size with every partial expanded
        // (saturated just above the limit, so doubling partials cannot overflow).
        var done: [String: (height: Int, size: Int)] = [:]
        var stack: [String] = []
        func visit(_ name: String) throws(RenderError) -> (height: Int, size: Int) {
            if let known = done[name] { return known }
            guard let template = templates[name] else { return (0, 0) }
            stack.append(name)
            defer { stack.removeLast() }
            var height = 0
            var size = template.ownSize
            for partial in template.partials {
                let file = paths[name] ?? "\(name).mustache"
                if let start = stack.firstIndex(of: partial.name) {
                    let cycle = (stack[start...] + [partial.name]).map { "\($0).mustache" }.joined(separator: " → ")
                    throw RenderError(.configuration, "\(file): line \(partial.line): {{> \(partial.name)}} includes \(partial.name).mustache again (\(cycle)); a partial may not include itself")
                }
                let below = try visit(partial.name)
                if stack.count + below.height > maximumPartialDepth {
                    throw RenderError(.configuration, "\(file): line \(partial.line): {{> \(partial.name)}} nests partials more than \(maximumPartialDepth) deep")
                }
                height = max(height, below.height + 1)
                size = min(size + below.size, maximumExpansion + 1)
            }
            done[name] = (height, size)
            return (height, size)
        }
        for name in templates.keys.sorted() {
            let total = try visit(name)
            guard total.size > maximumExpansion, let template = templates[name] else { continue }
            // The tag where the expansion crosses the limit.
            var size = template.ownSize
            var line = 1
            for partial in template.partials {
                size += done[partial.name]?.size ?? 0
                line = partial.line
                if size > maximumExpansion { break }
            }
            throw RenderError(.configuration, "\(paths[name] ?? name): line \(line): the template expands to more than \(maximumExpansion >> 20) MB through its partials")
        }
    }

    func render(_ context: [String: TemplateValue], template: String) throws(RenderError) -> Data {
        var context = context
        context["css"] = .text(css)
        let html: [UInt8]?
        do {
            html = try TemplateRenderer(templates: templates).render(template, context)
        } catch {
            throw RenderError(.configuration, "template \(template).mustache: the page would be too large (more than \(error.limit)); sections that repeat lists inside each other multiply the output")
        }
        guard let html else { throw RenderError(.configuration, "template \(template).mustache is missing") }
        return Data(html)
    }
}
