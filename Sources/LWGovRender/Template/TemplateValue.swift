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
