import Crypto
import Foundation

/// File names made from directory ids (SPEC 4): `departments/<orgUnitId>.html`.
///
/// An id is used as it is only when it is safe as a file name on every file system a report
/// share may live on: ASCII letters, digits, `-`, `_` and `.`, not starting with a dot, not a
/// Windows device name (`CON`, `nul.txt`, …) and at most `maxStemBytes` bytes. Any other id is
/// percent-encoded byte by byte (`../x` → `%2E%2E%2Fx`), and one whose encoding is longer than
/// `maxStemBytes` keeps a prefix and gains `~` and a hash of the whole id. A safe id never holds
/// `%` or `~`, an encoded one always holds `%` and a shortened one always holds `~`, so two
/// different ids never share a file name (short of a 64-bit hash collision), and no id can name
/// a path outside the folder it is written in.
public enum IdFileName {
    /// The longest stem, in bytes: with `.html`, a staging folder and a period it stays far
    /// below `NAME_MAX` (255) and Windows' path limits on a share.
    public static let maxStemBytes = 120

    /// The file name stem (without extension) for an id.
    public static func stem(for id: String) -> String {
        let bytes = Array(id.utf8)
        if isSafe(bytes) { return id }
        var encoded = ""
        var cuts: [String.Index] = []  // positions between whole characters of the encoding
        for (i, byte) in bytes.enumerated() {
            cuts.append(encoded.endIndex)
            let plain = isSafeByte(byte) && !(i == 0 && (byte == UInt8(ascii: ".") || isDeviceName(bytes)))
            if plain {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + hex(byte)
            }
        }
        if bytes.isEmpty { encoded = "%" }
        guard encoded.utf8.count > maxStemBytes else { return encoded }
        let hash = String(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined().prefix(16))
        let room = maxStemBytes - 1 - hash.count
        // The encoding is ASCII, so byte offsets are character offsets; cut between two items.
        let cut = cuts.last { encoded.utf8.distance(from: encoded.startIndex, to: $0) <= room } ?? encoded.startIndex
        return String(encoded[..<cut]) + "~" + hash
    }

    /// The file name for an id with an extension: `stem(for:)` + `.` + `ext`.
    public static func name(for id: String, extension ext: String) -> String {
        stem(for: id) + "." + ext
    }

    /// A file name as one relative URL path component: every byte other than ASCII letters,
    /// digits and `-._~` percent-encoded, so `%2F` in a file name is `%252F` in a link.
    public static func urlComponent(_ fileName: String) -> String {
        var out = ""
        for byte in fileName.utf8 {
            if isSafeByte(byte) || byte == UInt8(ascii: "~") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hex(byte)
            }
        }
        return out
    }

    /// Whether the id is used as its own file name stem.
    public static func isSafe(_ id: String) -> Bool { isSafe(Array(id.utf8)) }

    private static func isSafe(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, first != UInt8(ascii: "."), bytes.count <= maxStemBytes else { return false }
        return bytes.allSatisfy(isSafeByte) && !isDeviceName(bytes)
    }

    private static func isSafeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    /// `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, in any case, alone or before a
    /// dot: Windows opens the device instead of a file of that name, whatever the extension.
    private static func isDeviceName(_ bytes: [UInt8]) -> Bool {
        let base = bytes.prefix { $0 != UInt8(ascii: ".") }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        let text = String(decoding: base, as: UTF8.self)
        if ["CON", "PRN", "AUX", "NUL"].contains(text) { return true }
        guard text.count == 4, let last = text.last, last.isASCII, last.isNumber else { return false }
        return text.hasPrefix("COM") || text.hasPrefix("LPT")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
