import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// Percent-encoding for one query value: everything but RFC 3986 unreserved characters, so a
/// cursor's `+`, `/` and `=` arrive as sent.
package func queryEncoded(_ value: String) -> String {
    var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}

/// `application/x-www-form-urlencoded`: every field encoded (secrets may hold `+ / = & %`).
func formEncoded(_ fields: [(String, String)]) -> String {
    fields.map { "\(queryEncoded($0.0))=\(queryEncoded($0.1))" }.joined(separator: "&")
}
