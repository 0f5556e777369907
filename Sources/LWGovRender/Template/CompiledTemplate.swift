import Foundation

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
