import Foundation

/// A snapshot directory (`users.json`, `orgunits.json`, `groups.json`) held as the JSON of each
/// list item, ready to be served page by page.
///
/// Items are read with `JSONSerialization` and written again one by one (keys sorted): the
/// values are the files', the spelling may differ (`\/` for `/`, `2500` for `2.5e3`).
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
            lists[key] = try items(directory, file, key: key).map(json)
        }
        var groups: [Data] = []
        for item in try items(directory, "groups.json", key: "groups") {
            guard var group = item as? [String: Any], let id = group["groupId"] as? String else {
                throw LoadError(description: "groups.json: groups[\(groups.count)] has no groupId string")
            }
            for key in ["members", "administrators"] {
                let entries = group[key] as? [Any] ?? []
                let encoded = try entries.map(json)
                if key == "members" { members[id] = encoded } else { administrators[id] = encoded }
                if let limit = truncateInline, entries.count > limit { group[key] = Array(entries.prefix(limit)) }
            }
            groups.append(try json(group))
        }
        lists["groups"] = groups
        return FakeDirectory(lists: lists, members: members, administrators: administrators)
    }

    /// The array under `key` in a file's top-level object.
    private static func items(_ directory: String, _ file: String, key: String) throws -> [Any] {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
        guard var data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): cannot be read")
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw LoadError(description: "\(file): not valid JSON (\(error.localizedDescription))")
        }
        guard let list = (root as? [String: Any])?[key] as? [Any] else {
            throw LoadError(description: "\(file): no \"\(key)\" array")
        }
        return list
    }

    private static func json(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }
}
