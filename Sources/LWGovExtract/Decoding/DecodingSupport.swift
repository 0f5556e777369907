import Foundation
import LWGovModel

/// A non-empty identifier without control characters.
func identifier<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String {
    let value = try c.decode(String.self, forKey: key)
    guard !value.isEmpty else {
        throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: "is empty"))
    }
    // In UTF-8 these characters are single bytes below 0x20 or 0x7F, and no other byte is.
    guard !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
        throw DecodingError.dataCorrupted(
            .init(codingPath: c.codingPath + [key], debugDescription: "contains a control character ('\(quoted(value))')")
        )
    }
    return value
}

/// Text that will be stored: a NUL would silently cut it short in SQLite, so it is refused.
func text<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String? {
    guard let value = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
    guard !value.utf8.contains(0) else {
        throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: "contains a NUL character"))
    }
    return value
}

/// Required stored text.
func requiredText<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String {
    guard let value = try text(c, key) else {
        if c.contains(key) {
            throw DecodingError.valueNotFound(String.self, .init(codingPath: c.codingPath + [key], debugDescription: "null"))
        }
        throw DecodingError.keyNotFound(key, .init(codingPath: c.codingPath, debugDescription: "missing"))
    }
    return value
}

extension KeyedDecodingContainer {
    /// True only for JSON `true`; absent, null or any other type is false.
    func flag(_ key: Key) -> Bool {
        (try? decodeIfPresent(Bool.self, forKey: key)) == true
    }

    /// The boolean when the value is a JSON boolean, else nil.
    func optionalFlag(_ key: Key) -> Bool? {
        (try? decodeIfPresent(Bool.self, forKey: key)) ?? nil
    }
}

/// `groups[17].groupId`: a coding path as a person reads it.
func describePath(_ path: [any CodingKey]) -> String {
    guard !path.isEmpty else { return "the top level" }
    var out = ""
    for key in path {
        if let index = key.intValue {
            out += "[\(index)]"
        } else {
            if !out.isEmpty { out += "." }
            out += key.stringValue
        }
    }
    return out
}

/// One line naming the file and the JSON path for a decoding failure.
func describe(_ error: DecodingError, file: String) -> String {
    switch error {
    case .keyNotFound(let key, let context):
        return "\(file): \(describePath(context.codingPath + [key])) missing"
    case .typeMismatch(let type, let context):
        return "\(file): \(describePath(context.codingPath)): expected \(typeName(type))"
    case .valueNotFound(let type, let context):
        return "\(file): \(describePath(context.codingPath)): null where \(typeName(type)) is required"
    case .dataCorrupted(let context):
        if context.codingPath.isEmpty {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
            return "\(file): not valid JSON (\(detail))"
        }
        return "\(file): \(describePath(context.codingPath)) \(context.debugDescription)"
    @unknown default:
        return "\(file): cannot be read (\(error))"
    }
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Bool.Type: "a boolean"
    case is Int.Type, is Double.Type: "a number"
    case is [Any].Type: "an array"
    default:
        String(describing: type).hasPrefix("Array") ? "an array" : "an object"
    }
}
