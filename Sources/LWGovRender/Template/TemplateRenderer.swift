import Foundation

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
