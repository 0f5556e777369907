import Foundation

/// A snapshot directory (`users.json`, `orgunits.json`, `groups.json`) held as the raw bytes of
/// each list item, ready to be served page by page.
struct FakeDirectory: Sendable {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The items of `GET /users`, `GET /orgunits`, `GET /groups`.
    var lists: [String: [Data]]
    /// Per group id: the members and administrators, for the per-group endpoints.
    var members: [String: [Data]]
    var administrators: [String: [Data]]

    /// - Parameter truncateInline: cut each group's inline `members`/`administrators` in the
    ///   group list to this many entries (the per-group endpoints still have them all), to
    ///   stand for an API that shortens long arrays.
    static func load(directory: String, truncateInline: Int? = nil) throws -> FakeDirectory {
        var lists: [String: [Data]] = [:]
        var members: [String: [Data]] = [:]
        var administrators: [String: [Data]] = [:]
        for (file, key) in [("users.json", "users"), ("orgunits.json", "orgUnits")] {
            let json = try read(directory, file)
            lists[key] = try items(json, key: key, file: file).map { json.data($0) }
        }
        let json = try read(directory, "groups.json")
        var groups: [Data] = []
        for range in try items(json, key: "groups", file: "groups.json") {
            let fields = try json.members(of: range)
            guard let idRange = fields.first(where: { $0.key == "groupId" })?.value else {
                throw LoadError(description: "groups.json: a group without groupId at byte \(range.lowerBound)")
            }
            let id = try json.decodeString(idRange)
            var cuts: [(Range<Int>, [Range<Int>])] = []
            for (key, value) in fields where key == "members" || key == "administrators" {
                let entries = try json.elements(of: value)
                if key == "members" { members[id] = entries.map { json.data($0) } } else { administrators[id] = entries.map { json.data($0) } }
                if let limit = truncateInline, entries.count > limit { cuts.append((value, Array(entries.prefix(limit)))) }
            }
            if members[id] == nil { members[id] = [] }
            if administrators[id] == nil { administrators[id] = [] }
            guard !cuts.isEmpty else {
                groups.append(json.data(range))
                continue
            }
            // Splice the shortened arrays into the group's own bytes.
            var out = Data()
            var position = range.lowerBound
            for (array, kept) in cuts.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
                out += json.data(position..<array.lowerBound)
                out += Data("[".utf8) + Data(kept.map { json.data($0) }.joined(separator: Data(",".utf8))) + Data("]".utf8)
                position = array.upperBound
            }
            out += json.data(position..<range.upperBound)
            groups.append(out)
        }
        lists["groups"] = groups
        return FakeDirectory(lists: lists, members: members, administrators: administrators)
    }

    private static func read(_ directory: String, _ file: String) throws -> RawJSON {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): cannot be read")
        }
        return RawJSON(data)
    }

    private static func items(_ json: RawJSON, key: String, file: String) throws -> [Range<Int>] {
        do {
            guard let list = try json.members(of: json.root).first(where: { $0.key == key })?.value else {
                throw LoadError(description: "\(file): no \"\(key)\" array")
            }
            return try json.elements(of: list)
        } catch let error as RawJSON.Malformed {
            throw LoadError(description: "\(file): \(error)")
        }
    }
}
