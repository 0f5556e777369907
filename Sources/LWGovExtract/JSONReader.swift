import Foundation
import LWGovModel

/// A cursor over UTF-8 JSON bytes.
struct JSONReader {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private var index = 0
    private var depth = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    static let objectStart = UInt8(ascii: "{"), objectEnd = UInt8(ascii: "}")
    static let arrayStart = UInt8(ascii: "["), arrayEnd = UInt8(ascii: "]")
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    // MARK: Structure

    private mutating func skipSpace() {
        while index < count {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-space byte, not consumed.
    private mutating func peek() throws(GiveUp) -> UInt8 {
        skipSpace()
        guard index < count else { throw GiveUp() }
        return base[index]
    }

    /// Consumes `{` or `[`.
    mutating func enter(_ byte: UInt8) throws(GiveUp) {
        guard try peek() == byte else { throw GiveUp() }
        index += 1
        depth += 1
        // The reference limits nesting too; deep input is left to it.
        guard depth < 100 else { throw GiveUp() }
    }

    /// Consumes `}` or `]` if it comes next (an empty object or array).
    mutating func leave(_ byte: UInt8) throws(GiveUp) -> Bool {
        guard try peek() == byte else { return false }
        index += 1
        depth -= 1
        return true
    }

    /// After a member or element: true at `,` (another follows), false at the closing byte.
    mutating func next(_ closing: UInt8) throws(GiveUp) -> Bool {
        let byte = try peek()
        index += 1
        if byte == UInt8(ascii: ",") { return true }
        guard byte == closing else { throw GiveUp() }
        depth -= 1
        return false
    }

    /// Only space may follow the document.
    mutating func end() throws(GiveUp) {
        skipSpace()
        guard index == count else { throw GiveUp() }
    }

    /// Consumes `null` if it comes next.
    private mutating func null() throws(GiveUp) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: StaticString) throws(GiveUp) {
        let length = word.utf8CodeUnitCount
        guard count - index >= length, memcmp(base + index, word.utf8Start, length) == 0 else { throw GiveUp() }
        index += length
    }

    // MARK: Keys and strings

    /// An object key and its `:`. Keys with escapes are left to the reference decoder.
    mutating func key() throws(GiveUp) -> Key {
        guard try peek() == Self.quote else { throw GiveUp() }
        index += 1
        let start = index
        var high: UInt8 = 0
        while index < count {
            let byte = base[index]
            if byte == Self.quote { break }
            guard byte >= 0x20, byte != Self.backslash else { throw GiveUp() }
            high |= byte
            index += 1
        }
        guard index < count else { throw GiveUp() }
        let key = Key(start: base + start, count: index - start)
        if high >= 0x80, String(validating: UnsafeBufferPointer(start: key.start, count: key.count), as: UTF8.self) == nil {
            throw GiveUp()
        }
        index += 1
        guard try peek() == UInt8(ascii: ":") else { throw GiveUp() }
        index += 1
        return key
    }

    struct Key {
        let start: UnsafePointer<UInt8>
        let count: Int

        func `is`(_ name: StaticString) -> Bool {
            count == name.utf8CodeUnitCount && memcmp(start, name.utf8Start, count) == 0
        }
    }

    /// A string value. Gives up on control characters (raw or escaped) and on invalid UTF-8,
    /// which the reference decoder either refuses or reports.
    mutating func string() throws(GiveUp) -> String {
        guard try peek() == Self.quote else { throw GiveUp() }
        index += 1
        let start = index
        var high: UInt8 = 0
        while index < count {
            let byte = base[index]
            if byte == Self.quote {
                let bytes = UnsafeBufferPointer(start: base + start, count: index - start)
                index += 1
                if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
                guard let text = String(validating: bytes, as: UTF8.self) else { throw GiveUp() }
                return text
            }
            if byte == Self.backslash { return try escapedString(from: start) }
            guard byte >= 0x20, byte != 0x7F else { throw GiveUp() }
            high |= byte
            index += 1
        }
        throw GiveUp()
    }

    /// The rest of a string that has escapes, decoded into a buffer.
    private mutating func escapedString(from start: Int) throws(GiveUp) -> String {
        var bytes = Array(UnsafeBufferPointer(start: base + start, count: index - start))
        while index < count {
            let byte = base[index]
            index += 1
            if byte == Self.quote {
                guard let text = String(validating: bytes, as: UTF8.self) else { throw GiveUp() }
                return text
            }
            guard byte >= 0x20, byte != 0x7F else { throw GiveUp() }
            guard byte == Self.backslash else { bytes.append(byte); continue }
            guard index < count else { throw GiveUp() }
            let escape = base[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard count - index >= 2, base[index] == Self.backslash, base[index + 1] == UInt8(ascii: "u") else { throw GiveUp() }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw GiveUp() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                // Escaped control characters and lone surrogates are left to the reference decoder.
                guard scalar >= 0x20, scalar != 0x7F, let value = Unicode.Scalar(scalar) else { throw GiveUp() }
                bytes.append(contentsOf: UTF8.encode(value)!)
            default:
                // \b \f \n \r \t are control characters; anything else is not JSON.
                throw GiveUp()
            }
        }
        throw GiveUp()
    }

    private mutating func hex4() throws(GiveUp) -> UInt32 {
        guard count - index >= 4 else { throw GiveUp() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw GiveUp()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: Values as the Decodable types read them

    /// `identifier(_:_:)`: a non-empty string.
    mutating func identifier() throws(GiveUp) -> String {
        let value = try string()
        guard !value.isEmpty else { throw GiveUp() }
        return value
    }

    /// `text(_:_:)`: a string, or nil for null.
    mutating func optionalText() throws(GiveUp) -> String? {
        try null() ? nil : try string()
    }

    /// `requiredText(_:_:)`: a string; null is left to the reference decoder.
    mutating func requiredText() throws(GiveUp) -> String {
        try string()
    }

    /// `optionalFlag`: the boolean for JSON `true`/`false`; any other value (checked) is nil.
    mutating func optionalFlag() throws(GiveUp) -> Bool? {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            try skipValue()
            return nil
        }
    }

    /// `flag`: true only for JSON `true`.
    mutating func flag() throws(GiveUp) -> Bool {
        try optionalFlag() == true
    }

    /// `displayOrder`: a plain integer; null or a non-number is 0, as `try?` makes it. Fractions,
    /// exponents and overflow are left to the reference decoder.
    mutating func lenientInteger() throws(GiveUp) -> Int {
        let byte = try peek()
        guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
            try skipValue()
            return 0
        }
        let start = index
        try number()
        guard let text = String(bytes: UnsafeBufferPointer(start: base + start, count: index - start), encoding: .ascii),
              let value = Int(text)
        else { throw GiveUp() }
        return value
    }

    /// Checks a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() throws(GiveUp) {
        func digits(_ reader: inout JSONReader) -> Int {
            var n = 0
            while reader.index < reader.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(reader.base[reader.index]) {
                reader.index += 1
                n += 1
            }
            return n
        }
        if base[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count else { throw GiveUp() }
        if base[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits(&self) > 0 else { throw GiveUp() }
        }
        if index < count, base[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw GiveUp() }
        }
        if index < count, base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw GiveUp() }
        }
    }

    /// Checks and passes over any value (an unknown key's).
    mutating func skipValue() throws(GiveUp) {
        switch try peek() {
        case Self.quote: _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case Self.objectStart:
            try enter(Self.objectStart)
            if try !leave(Self.objectEnd) {
                repeat {
                    _ = try key()
                    try skipValue()
                } while try next(Self.objectEnd)
            }
        case Self.arrayStart:
            try enter(Self.arrayStart)
            if try !leave(Self.arrayEnd) {
                repeat { try skipValue() } while try next(Self.arrayEnd)
            }
        default:
            try number()
        }
    }

    /// Each key once: a repeated key is left to the reference decoder.
    private static func once(_ seen: inout UInt32, _ bit: UInt32) throws(GiveUp) {
        guard seen & bit == 0 else { throw GiveUp() }
        seen |= bit
    }

    /// Runs `body` for each member of an object; a repeated key that `body` reads gives up.
    private mutating func members(_ body: (inout JSONReader, Key, inout UInt32) throws(GiveUp) -> Void) throws(GiveUp) {
        try enter(Self.objectStart)
        guard try !leave(Self.objectEnd) else { return }
        var seen: UInt32 = 0
        repeat {
            let key = try key()
            try body(&self, key, &seen)
        } while try next(Self.objectEnd)
    }

    /// Runs `body` for each element of an array; null is an empty array (`decodeIfPresent`).
    private mutating func elements(_ body: (inout JSONReader) throws(GiveUp) -> Void) throws(GiveUp) {
        if try null() { return }
        try enter(Self.arrayStart)
        guard try !leave(Self.arrayEnd) else { return }
        repeat { try body(&self) } while try next(Self.arrayEnd)
    }

    // MARK: The directory's shapes (`Decoding/`)

    mutating func orgUnit() throws(GiveUp) -> OrgUnit {
        var id: String?, name: String?, parent: String?, order = 0, externalKey: String?
        try members { reader, key, seen throws(GiveUp) in
            if key.is("orgUnitId") {
                try Self.once(&seen, 1); id = try reader.identifier()
            } else if key.is("orgUnitName") {
                try Self.once(&seen, 2); name = try reader.requiredText()
            } else if key.is("parentOrgUnitId") {
                try Self.once(&seen, 4); parent = try reader.optionalText()
            } else if key.is("displayOrder") {
                try Self.once(&seen, 8); order = try reader.lenientInteger()
            } else if key.is("orgUnitExternalKey") {
                try Self.once(&seen, 16); externalKey = try reader.optionalText()
            } else {
                try reader.skipValue()
            }
        }
        guard let id, let name else { throw GiveUp() }
        return OrgUnit(
            id: id, name: name, parentId: parent?.isEmpty == true ? nil : parent, displayOrder: order, externalKey: externalKey
        )
    }

    mutating func user() throws(GiveUp) -> User {
        var user = User(id: "")
        var hasId = false
        try members { reader, key, seen throws(GiveUp) in
            if key.is("userId") {
                try Self.once(&seen, 1); user.id = try reader.identifier(); hasId = true
            } else if key.is("email") {
                try Self.once(&seen, 2); user.email = try reader.optionalText()
            } else if key.is("employeeNumber") {
                try Self.once(&seen, 512); user.employeeNumber = try reader.optionalText()
            } else if key.is("userExternalKey") {
                try Self.once(&seen, 1024); user.externalKey = try reader.optionalText()
            } else if key.is("isDeleted") {
                try Self.once(&seen, 4); user.isDeleted = try reader.flag()
            } else if key.is("isSuspended") {
                try Self.once(&seen, 8); user.isSuspended = try reader.flag()
            } else if key.is("isPending") {
                try Self.once(&seen, 16); user.isPending = try reader.flag()
            } else if key.is("isAwaiting") {
                try Self.once(&seen, 128); user.isAwaiting = try reader.flag()
            } else if key.is("leaveOfAbsence") {
                try Self.once(&seen, 256)
                // Anything but an object (null, a string) is no leave, as in the reference.
                guard try reader.peek() == UInt8(ascii: "{") else { try reader.skipValue(); return }
                try reader.members { leave, key, seen throws(GiveUp) in
                    if key.is("isLeaveOfAbsence") {
                        try Self.once(&seen, 1); user.isOnLeave = try leave.flag()
                    } else {
                        try leave.skipValue()
                    }
                }
            } else if key.is("userName") {
                try Self.once(&seen, 32)
                if try reader.null() { return }
                try reader.members { name, key, seen throws(GiveUp) in
                    if key.is("lastName") {
                        try Self.once(&seen, 1); user.lastName = try name.optionalText() ?? ""
                    } else if key.is("firstName") {
                        try Self.once(&seen, 2); user.firstName = try name.optionalText() ?? ""
                    } else {
                        try name.skipValue()
                    }
                }
            } else if key.is("organizations") {
                try Self.once(&seen, 64)
                var organizationIndex = 0
                try reader.elements { organization throws(GiveUp) in
                    var primary = false
                    var entries: [OrgEntry] = []
                    try organization.members { organization, key, seen throws(GiveUp) in
                        if key.is("primary") {
                            try Self.once(&seen, 1); primary = try organization.flag()
                        } else if key.is("orgUnits") {
                            try Self.once(&seen, 2)
                            try organization.elements { entry throws(GiveUp) in entries.append(try entry.orgEntry()) }
                        } else {
                            try organization.skipValue()
                        }
                    }
                    for var entry in entries {
                        entry.organizationIndex = organizationIndex
                        entry.organizationPrimary = primary
                        user.entries.append(entry)
                    }
                    organizationIndex += 1
                }
            } else {
                try reader.skipValue()
            }
        }
        guard hasId else { throw GiveUp() }
        return user
    }

    private mutating func orgEntry() throws(GiveUp) -> OrgEntry {
        var id: String?, position: String?, manager = false, primary = false, teamFeature = true
        try members { reader, key, seen throws(GiveUp) in
            if key.is("orgUnitId") {
                try Self.once(&seen, 1); id = try reader.identifier()
            } else if key.is("positionName") {
                try Self.once(&seen, 2); position = try reader.optionalText()
            } else if key.is("isManager") {
                try Self.once(&seen, 4); manager = try reader.flag()
            } else if key.is("primary") {
                try Self.once(&seen, 8); primary = try reader.flag()
            } else if key.is("useTeamFeature") {
                try Self.once(&seen, 16); teamFeature = try reader.optionalFlag() != false
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw GiveUp() }
        return OrgEntry(orgUnitId: id, positionName: position, isManager: manager, isPrimary: primary, useTeamFeature: teamFeature)
    }

    mutating func group() throws(GiveUp) -> Group {
        var id: String?, name: String?, visible: Bool?, useMessage: Bool?
        var administrators: [String] = [], entries: [GroupMember] = []
        try members { reader, key, seen throws(GiveUp) in
            if key.is("groupId") {
                try Self.once(&seen, 1); id = try reader.identifier()
            } else if key.is("groupName") {
                try Self.once(&seen, 2); name = try reader.requiredText()
            } else if key.is("visible") {
                try Self.once(&seen, 4); visible = try reader.optionalFlag()
            } else if key.is("useMessage") {
                try Self.once(&seen, 8); useMessage = try reader.optionalFlag()
            } else if key.is("administrators") {
                try Self.once(&seen, 16)
                try reader.elements { element throws(GiveUp) in
                    var userId: String?
                    try element.members { element, key, seen throws(GiveUp) in
                        if key.is("userId") {
                            try Self.once(&seen, 1); userId = try element.identifier()
                        } else {
                            try element.skipValue()
                        }
                    }
                    guard let userId else { throw GiveUp() }
                    administrators.append(userId)
                }
            } else if key.is("members") {
                try Self.once(&seen, 32)
                try reader.elements { element throws(GiveUp) in entries.append(try element.member()) }
            } else {
                try reader.skipValue()
            }
        }
        guard let id, let name else { throw GiveUp() }
        return Group(
            id: id, name: name, visible: visible != false, useMessage: useMessage,
            administrators: administrators, members: entries
        )
    }

    private mutating func member() throws(GiveUp) -> GroupMember {
        var id: String?, type: MemberType?
        try members { reader, key, seen throws(GiveUp) in
            if key.is("id") {
                try Self.once(&seen, 1); id = try reader.identifier()
            } else if key.is("type") {
                try Self.once(&seen, 2)
                guard let parsed = MemberType(rawValue: try reader.string()) else { throw GiveUp() }
                type = parsed
            } else {
                try reader.skipValue()
            }
        }
        guard let id, let type else { throw GiveUp() }
        return GroupMember(id: id, type: type)
    }
}
