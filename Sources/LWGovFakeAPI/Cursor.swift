import Foundation

/// Cursors look like the real ones: base64 with `+`, `/` and `=`, so a client that does not
/// URL-encode them sends a cursor the fake cannot read.
enum Cursor {
    static func encode(_ offset: Int, list: String) -> String {
        Data([0xFB, 0xFF] + Array("\(list):\(offset)".utf8)).base64EncodedString()
    }

    static func decode(_ cursor: String, list: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), data.count > 2, data.prefix(2) == Data([0xFB, 0xFF]) else { return nil }
        let text = String(decoding: data.dropFirst(2), as: UTF8.self)
        guard text.hasPrefix(list + ":") else { return nil }
        return Int(text.dropFirst(list.count + 1))
    }
}
