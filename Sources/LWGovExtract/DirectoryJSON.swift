import Foundation
import LWGovModel

/// A fast reader for the three list files of a snapshot directory, for well-formed input.
///
/// `JSONDecoder` with the `Decodable` types in `Decoding/` is the reference: it defines what
/// is accepted and words every error. It builds a tree of the whole document first and then
/// decodes through generic containers, which took 3–4 s for the 86 MB of an L tenant. This
/// reader walks the bytes once and builds the model directly, but only for input it is sure to
/// read exactly as the reference does. On anything else — a syntax error, an escape in a key,
/// a control character, a repeated key, a number that is not a plain integer where a number is
/// read, invalid UTF-8 — it gives up (returns nil) and the caller runs the reference decoder, so
/// messages and edge cases stay exactly as they were. `DirectoryJSONTests` compares the two.
enum DirectoryJSON {
    static func orgUnits(_ data: Data) -> [OrgUnit]? {
        read(data, list: "orgUnits") { reader throws(GiveUp) in try reader.orgUnit() }
    }

    static func users(_ data: Data) -> [User]? {
        read(data, list: "users") { reader throws(GiveUp) in try reader.user() }
    }

    static func groups(_ data: Data) -> [Group]? {
        read(data, list: "groups") { reader throws(GiveUp) in try reader.group() }
    }

    /// `{"<list>": [element, …], other keys ignored}` and nothing after it.
    private static func read<Element>(
        _ data: Data, list: StaticString, element: (inout JSONReader) throws(GiveUp) -> Element
    ) -> [Element]? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Element]? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var reader = JSONReader(base: base, count: raw.count)
            do throws(GiveUp) {
                var result: [Element]?
                try reader.enter(JSONReader.objectStart)
                if try !reader.leave(JSONReader.objectEnd) {
                    repeat {
                        let key = try reader.key()
                        if key.is(list) {
                            guard result == nil else { throw GiveUp() }
                            var elements: [Element] = []
                            try reader.enter(JSONReader.arrayStart)
                            if try !reader.leave(JSONReader.arrayEnd) {
                                repeat { elements.append(try element(&reader)) } while try reader.next(JSONReader.arrayEnd)
                            }
                            result = elements
                        } else {
                            try reader.skipValue()
                        }
                    } while try reader.next(JSONReader.objectEnd)
                }
                try reader.end()
                return result
            } catch {
                return nil
            }
        }
    }
}
