import CLibXML2
import Foundation
import LWGovModel

/// Text cleaning for XML 1.0.
public enum XMLText {
    /// Removes characters XML 1.0 cannot carry: controls other than tab, LF and CR, the
    /// surrogate range and U+FFFE/U+FFFF.
    public static func clean(_ text: String) -> String {
        guard needsCleaning(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where allowed(scalar) { out.append(scalar) }
        return String(out)
    }

    /// Whether the text holds a character XML 1.0 cannot carry, decided on its UTF-8 bytes:
    /// a C0 control other than tab, LF and CR, or U+FFFE/U+FFFF (EF BF BE / EF BF BF).
    /// Surrogates cannot occur in a Swift string.
    static func needsCleaning(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x20 {
                    if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
                } else if byte == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE {
                    return true
                }
                i += 1
            }
            return false
        }
    }

    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
