import Foundation

/// Splits JSON text into the byte ranges of values without re-encoding them, so the fake serves
/// exactly the bytes of the snapshot files (`true` stays `true`, numbers keep their spelling).
struct RawJSON {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        let what: String
        var description: String { "\(what) at byte \(offset)" }
    }

    let bytes: [UInt8]

    init(_ data: Data) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
    }

    /// The whole text's range, trimmed of whitespace.
    var root: Range<Int> {
        var start = 0, end = bytes.count
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// An object's members: each key (decoded) and its value's range.
    func members(of range: Range<Int>) throws -> [(key: String, value: Range<Int>)] {
        var i = range.lowerBound
        guard i < range.upperBound, bytes[i] == UInt8(ascii: "{") else { throw Malformed(offset: i, what: "expected an object") }
        i += 1
        var result: [(String, Range<Int>)] = []
        skipSpace(&i)
        if i < range.upperBound, bytes[i] == UInt8(ascii: "}") { return [] }
        while i < range.upperBound {
            skipSpace(&i)
            let keyStart = i
            try skipString(&i)
            let key = try decodeString(keyStart..<i)
            skipSpace(&i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Malformed(offset: i, what: "expected ':'") }
            i += 1
            skipSpace(&i)
            let valueStart = i
            try skipValue(&i)
            result.append((key, valueStart..<i))
            skipSpace(&i)
            guard i < bytes.count else { break }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { return result }
            throw Malformed(offset: i, what: "expected ',' or '}'")
        }
        throw Malformed(offset: i, what: "unterminated object")
    }

    /// An array's elements' ranges.
    func elements(of range: Range<Int>) throws -> [Range<Int>] {
        var i = range.lowerBound
        guard i < range.upperBound, bytes[i] == UInt8(ascii: "[") else { throw Malformed(offset: i, what: "expected an array") }
        i += 1
        var result: [Range<Int>] = []
        skipSpace(&i)
        if i < range.upperBound, bytes[i] == UInt8(ascii: "]") { return [] }
        while i < range.upperBound {
            skipSpace(&i)
            let start = i
            try skipValue(&i)
            result.append(start..<i)
            skipSpace(&i)
            guard i < bytes.count else { break }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { return result }
            throw Malformed(offset: i, what: "expected ',' or ']'")
        }
        throw Malformed(offset: i, what: "unterminated array")
    }

    /// A string value's text.
    func decodeString(_ range: Range<Int>) throws -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes[range]), options: [.fragmentsAllowed]) as? String else {
            throw Malformed(offset: range.lowerBound, what: "expected a string")
        }
        return value
    }

    func data(_ range: Range<Int>) -> Data { Data(bytes[range]) }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private func skipSpace(_ i: inout Int) {
        while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
    }

    private func skipString(_ i: inout Int) throws {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Malformed(offset: i, what: "expected a string") }
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): i += 1; return
            default: i += 1
            }
        }
        throw Malformed(offset: i, what: "unterminated string")
    }

    private func skipValue(_ i: inout Int) throws {
        guard i < bytes.count else { throw Malformed(offset: i, what: "expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            try skipString(&i)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    try skipString(&i)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return }
                default: break
                }
                i += 1
            }
            throw Malformed(offset: i, what: "unterminated value")
        default:
            let start = i
            while i < bytes.count, !Self.isSpace(bytes[i]), ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[i]) {
                i += 1
            }
            if i == start { throw Malformed(offset: i, what: "expected a value") }
        }
    }
}
