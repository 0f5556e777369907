import Foundation

/// A value a report template shows: the view model the HTML templates render.
///
/// Typed, so rendering needs no dynamic casts; text is escaped when it is written, byte by byte.
public enum TemplateValue: Sendable, Hashable {
    /// Text from the directory or from lwgov: HTML-escaped by `{{name}}`, written as is by `{{{name}}}`.
    case text(String)
    case number(Int)
    /// `{{#flag}}` renders when true; `{{^flag}}` when false.
    case flag(Bool)
    /// `{{#list}}` renders once per item; an empty list counts as false.
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// A list of objects, the common case.
    static func objects(_ items: [[String: TemplateValue]]) -> TemplateValue { .list(items.map(TemplateValue.object)) }

    /// The value as an untyped tree (`String`, `Int`, `Bool`, arrays, dictionaries), for tests that
    /// compare with another Mustache implementation.
    var untyped: Any {
        switch self {
        case .text(let text): text
        case .number(let n): n
        case .flag(let b): b
        case .list(let items): items.map(\.untyped)
        case .object(let fields): fields.mapValues(\.untyped)
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
}

/// A parse error in a template, with the line it is on.
struct TemplateSyntaxError: Error, CustomStringConvertible {
    var line: Int
    var problem: String
    var description: String { "line \(line): \(problem)" }
}

/// A Mustache template compiled once and rendered many times into UTF-8 bytes.
///
/// The subset the reports need, with the Mustache spec's semantics: `{{name}}` (HTML-escaped),
/// `{{{name}}}` and `{{& name}}` (not escaped), dotted names, `{{.}}`, sections `{{#name}}…{{/name}}`,
/// inverted sections `{{^name}}…{{/name}}`, partials `{{> name}}`, comments `{{! … }}`, and
/// standalone tag lines removed. Names are looked up from the innermost section outwards.
/// Set-delimiter tags, lambdas and template inheritance are refused when the template is loaded.
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(path: [String], escaped: Bool)
        case section(path: [String], inverted: Bool, body: [Node])
        case partial(name: String, indentation: [UInt8], line: Int)
    }

    /// Sections nested deeper than this are refused when the template is compiled (a template
    /// nesting 100,000 sections would otherwise exhaust the stack).
    static let maximumNesting = 100

    let nodes: [Node]

    init(_ source: String) throws(TemplateSyntaxError) {
        nodes = try Parser(Array(source.utf8)).parse()
    }

    /// The partials the template uses, nested sections included, with the line of each tag.
    var partials: [(name: String, line: Int)] {
        func walk(_ nodes: [Node]) -> [(name: String, line: Int)] {
            nodes.flatMap { node -> [(name: String, line: Int)] in
                switch node {
                case .partial(let name, _, let line): [(name, line)]
                case .section(_, _, let body): walk(body)
                default: []
                }
            }
        }
        return walk(nodes)
    }

    /// The bytes of text and the tags in the template itself, partials not followed: what one
    /// inclusion of it costs before any list repeats it.
    var ownSize: Int {
        func walk(_ nodes: [Node]) -> Int {
            nodes.reduce(0) { sum, node in
                switch node {
                case .text(let bytes): sum + bytes.count
                case .section(_, _, let body): sum + 1 + walk(body)
                default: sum + 1
                }
            }
        }
        return walk(nodes)
    }

    // MARK: Parsing

    private struct Parser {
        enum Kind { case variable(escaped: Bool), open(inverted: Bool), close, partial, comment }
        struct Tag {
            var kind: Kind
            var name: String
            var line: Int
        }
        enum Token {
            case text([UInt8])
            case tag(Tag)
        }

        let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func parse() throws(TemplateSyntaxError) -> [Node] {
            var tokens = try tokenize()
            var indentations: [Int: [UInt8]] = [:]
            stripStandaloneLines(&tokens, indentations: &indentations)
            var index = 0
            let nodes = try build(tokens, &index, indentations, closing: nil, depth: 0)
            return nodes
        }

        private func tokenize() throws(TemplateSyntaxError) -> [Token] {
            var tokens: [Token] = []
            var i = 0, textStart = 0, line = 1
            let open: [UInt8] = Array("{{".utf8)
            func starts(_ pattern: [UInt8], at index: Int) -> Bool {
                index + pattern.count <= bytes.count && bytes[index..<index + pattern.count].elementsEqual(pattern)
            }
            func find(_ pattern: [UInt8], from index: Int) -> Int? {
                var j = index
                while j + pattern.count <= bytes.count {
                    if bytes[j] == pattern[0] && starts(pattern, at: j) { return j }
                    j += 1
                }
                return nil
            }
            while i < bytes.count {
                guard starts(open, at: i) else {
                    if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                    continue
                }
                if i > textStart { tokens.append(.text(Array(bytes[textStart..<i]))) }
                var contentStart = i + 2
                let closer: [UInt8]
                let sigil: UInt8? = contentStart < bytes.count ? bytes[contentStart] : nil
                if sigil == UInt8(ascii: "{") {
                    closer = Array("}}}".utf8)
                    contentStart += 1
                } else {
                    closer = Array("}}".utf8)
                }
                guard let end = find(closer, from: contentStart) else {
                    throw TemplateSyntaxError(line: line, problem: "a tag opened with {{ is never closed")
                }
                let content = String(decoding: bytes[contentStart..<end], as: UTF8.self)
                let tagLine = line
                line += bytes[i..<end].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                i = end + closer.count
                textStart = i
                tokens.append(.tag(try tag(content, triple: sigil == UInt8(ascii: "{"), line: tagLine)))
            }
            if textStart < bytes.count { tokens.append(.text(Array(bytes[textStart...]))) }
            return tokens
        }

        private func tag(_ content: String, triple: Bool, line: Int) throws(TemplateSyntaxError) -> Tag {
            func name(_ text: Substring) throws(TemplateSyntaxError) -> String {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { throw TemplateSyntaxError(line: line, problem: "a tag has no name") }
                guard trimmed == "." || !trimmed.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty),
                      !trimmed.contains(where: { $0 == " " || $0 == "(" || $0 == ")" })
                else { throw TemplateSyntaxError(line: line, problem: "\"\(trimmed)\" is not a name lwgov's templates can use") }
                return trimmed
            }
            if triple { return Tag(kind: .variable(escaped: false), name: try name(content[...]), line: line) }
            guard let first = content.first else { throw TemplateSyntaxError(line: line, problem: "an empty tag {{}}") }
            let rest = content.dropFirst()
            switch first {
            case "#": return Tag(kind: .open(inverted: false), name: try name(rest), line: line)
            case "^": return Tag(kind: .open(inverted: true), name: try name(rest), line: line)
            case "/": return Tag(kind: .close, name: try name(rest), line: line)
            case ">": return Tag(kind: .partial, name: try name(rest), line: line)
            case "!": return Tag(kind: .comment, name: "", line: line)
            case "&": return Tag(kind: .variable(escaped: false), name: try name(rest), line: line)
            case "=", "$", "<", "%":
                throw TemplateSyntaxError(line: line, problem: "{{\(first)…}} tags (delimiters, inheritance, pragmas) are not supported")
            default: return Tag(kind: .variable(escaped: true), name: try name(content[...]), line: line)
            }
        }

        /// The spec's standalone rule: a section, inverted, closing, partial or comment tag alone on
        /// its line (only spaces or tabs around it) takes the whole line with it.
        private func stripStandaloneLines(_ tokens: inout [Token], indentations: inout [Int: [UInt8]]) {
            func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            // Decide on the original text first, then cut, so one cut never hides the next line end.
            var cuts: [(index: Int, before: Int, after: Int, tag: Tag)] = []
            for index in tokens.indices {
                guard case .tag(let tag) = tokens[index] else { continue }
                if case .variable = tag.kind { continue }
                // Before: start of template, or text whose last line is blank and which ends a line
                // (or is the template's first text).
                var before = 0
                if index > 0 {
                    guard case .text(let text) = tokens[index - 1] else { continue }
                    var j = text.count
                    while j > 0, isBlank(text[j - 1]) { j -= 1 }
                    guard j == 0 ? index == 1 : text[j - 1] == UInt8(ascii: "\n") else { continue }
                    before = text.count - j
                }
                // After: end of template, or text starting with blanks and a line end.
                var after = 0
                if index + 1 < tokens.count {
                    guard case .text(let text) = tokens[index + 1] else { continue }
                    var j = 0
                    while j < text.count, isBlank(text[j]) { j += 1 }
                    if j < text.count, text[j] == UInt8(ascii: "\n") {
                        after = j + 1
                    } else if j + 1 < text.count, text[j] == UInt8(ascii: "\r"), text[j + 1] == UInt8(ascii: "\n") {
                        after = j + 2
                    } else if j == text.count, index + 2 == tokens.count {
                        after = j
                    } else {
                        continue
                    }
                }
                cuts.append((index, before, after, tag))
            }
            for cut in cuts {
                if cut.before > 0, case .text(let text) = tokens[cut.index - 1] {
                    if case .partial = cut.tag.kind { indentations[cut.index] = Array(text.suffix(cut.before)) }
                    tokens[cut.index - 1] = .text(Array(text.dropLast(cut.before)))
                }
                if cut.after > 0, case .text(let text) = tokens[cut.index + 1] {
                    tokens[cut.index + 1] = .text(Array(text.dropFirst(cut.after)))
                }
            }
        }

        private func build(
            _ tokens: [Token], _ index: inout Int, _ indentations: [Int: [UInt8]], closing: Tag?, depth: Int
        ) throws(TemplateSyntaxError) -> [Node] {
            var nodes: [Node] = []
            while index < tokens.count {
                let position = index
                index += 1
                switch tokens[position] {
                case .text(let text):
                    if !text.isEmpty { nodes.append(.text(text)) }
                case .tag(let tag):
                    switch tag.kind {
                    case .variable(let escaped):
                        nodes.append(.variable(path: Self.path(tag.name), escaped: escaped))
                    case .open(let inverted):
                        guard depth < CompiledTemplate.maximumNesting else {
                            throw TemplateSyntaxError(
                                line: tag.line,
                                problem: "sections are nested more than \(CompiledTemplate.maximumNesting) deep"
                            )
                        }
                        let body = try build(tokens, &index, indentations, closing: tag, depth: depth + 1)
                        nodes.append(.section(path: Self.path(tag.name), inverted: inverted, body: body))
                    case .close:
                        guard let closing, closing.name == tag.name else {
                            throw TemplateSyntaxError(line: tag.line, problem: "{{/\(tag.name)}} closes a section that is not open")
                        }
                        return nodes
                    case .partial:
                        nodes.append(.partial(name: tag.name, indentation: indentations[position] ?? [], line: tag.line))
                    case .comment:
                        break
                    }
                }
            }
            if let closing {
                throw TemplateSyntaxError(line: closing.line, problem: "{{#\(closing.name)}} is never closed")
            }
            return nodes
        }

        private static func path(_ name: String) -> [String] {
            name == "." ? [] : name.split(separator: ".").map(String.init)
        }
    }
}

/// Rendering stopped because the page grew beyond `TemplateRenderer.Budget`: sections that
/// repeat lists inside each other can ask for more pages than any report has.
struct TemplateOverflow: Error {
    var template: String
    var limit: String
}

/// Renders compiled templates with their partials, within a budget.
struct TemplateRenderer {
    let templates: [String: CompiledTemplate]
    var budget = Budget()

    /// How much one page may cost. Real reports are far below both limits (every SampleData page
    /// renders within a million steps); a template whose sections repeat lists inside each other
    /// would otherwise run for ever, and now stops within seconds.
    struct Budget {
        /// Bytes of one rendered page.
        var bytes = 256 << 20
        /// Nodes visited and scopes searched for one page (a section repeated for n items
        /// counts n times).
        var steps = 20_000_000
    }

    /// - Returns: nil when there is no template of that name.
    /// - Throws: `TemplateOverflow` when the page would exceed the budget.
    func render(_ name: String, _ context: [String: TemplateValue], capacity: Int = 1 << 16) throws(TemplateOverflow) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        var stack: [TemplateValue] = [.object(context)]
        var steps = 0
        guard render(template.nodes, &stack, &out, depth: 0, steps: &steps) else {
            throw TemplateOverflow(
                template: name,
                limit: steps > budget.steps ? "\(budget.steps) steps" : "\(budget.bytes >> 20) MB"
            )
        }
        return out
    }

    /// - Returns: false when the budget ran out (rendering stops at once).
    private func render(
        _ nodes: [CompiledTemplate.Node], _ stack: inout [TemplateValue], _ out: inout [UInt8], depth: Int, steps: inout Int
    ) -> Bool {
        for node in nodes {
            steps += 1
            guard steps <= budget.steps, out.count <= budget.bytes else { return false }
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                steps += stack.count  // a lookup may visit every scope
                guard let value = Self.resolve(path, stack) else { continue }
                switch value {
                case .text(let text): escaped ? HTMLEscape.append(text, to: &out) : out.append(contentsOf: text.utf8)
                case .number(let n): out.append(contentsOf: String(n).utf8)
                case .flag(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .list, .object: break
                }
            case .section(let path, let inverted, let body):
                steps += stack.count
                let value = Self.resolve(path, stack)
                if inverted {
                    switch value {
                    case nil, .flag(false)?: guard render(body, &stack, &out, depth: depth, steps: &steps) else { return false }
                    case .list(let items)? where items.isEmpty:
                        guard render(body, &stack, &out, depth: depth, steps: &steps) else { return false }
                    default: break
                    }
                    continue
                }
                switch value {
                case nil, .flag(false)?: break
                case .flag(true)?: guard render(body, &stack, &out, depth: depth, steps: &steps) else { return false }
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        defer { stack.removeLast() }
                        guard render(body, &stack, &out, depth: depth, steps: &steps) else { return false }
                    }
                case let value?:
                    stack.append(value)
                    defer { stack.removeLast() }
                    guard render(body, &stack, &out, depth: depth, steps: &steps) else { return false }
                }
            case .partial(let name, let indentation, _):
                // `TemplateSet.load` refuses partials that include themselves; the depth cap
                // is only a second guard for templates compiled elsewhere (tests).
                guard depth < 32, let partial = templates[name] else { continue }
                if indentation.isEmpty {
                    guard render(partial.nodes, &stack, &out, depth: depth + 1, steps: &steps) else { return false }
                } else {
                    var inner: [UInt8] = []
                    guard render(partial.nodes, &stack, &inner, depth: depth + 1, steps: &steps) else { return false }
                    var atLineStart = true
                    for byte in inner {
                        if atLineStart { out.append(contentsOf: indentation) }
                        out.append(byte)
                        atLineStart = byte == UInt8(ascii: "\n")
                    }
                }
            }
        }
        return true
    }

    /// The spec's lookup: `.` is the innermost value; otherwise the first name is looked up from
    /// the innermost object outwards, and the rest of a dotted name only inside what it found.
    private static func resolve(_ path: [String], _ stack: [TemplateValue]) -> TemplateValue? {
        guard let first = path.first else { return stack.last }
        var found: TemplateValue?
        for value in stack.reversed() {
            if case .object(let fields) = value, let hit = fields[first] {
                found = hit
                break
            }
        }
        for name in path.dropFirst() {
            guard case .object(let fields)? = found else { return nil }
            found = fields[name]
        }
        return found
    }
}

/// HTML escaping over UTF-8 bytes: `< > & " '`, the same five characters as every Mustache.
enum HTMLEscape {
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() {
                let replacement: StaticString
                switch byte {
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}
