import Foundation
import LWGovModel

/// The lists the store keeps as JSON text (a finding's departments and evidence, a group's
/// home departments), written and read by Foundation. Evidence is a list of `[label, value]`
/// pairs.
enum StoredJSON {
    static func encode(strings: [String]) -> String {
        // Encoding an array of strings cannot fail.
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func encode(evidence: [EvidenceItem]) -> String {
        encode(pairs: evidence.map { [$0.label, $0.value] })
    }

    static func strings(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    static func evidence(_ text: String) -> [EvidenceItem] {
        let pairs = (try? JSONDecoder().decode([[String]].self, from: Data(text.utf8))) ?? []
        return pairs.compactMap { $0.count == 2 ? EvidenceItem($0[0], $0[1]) : nil }
    }

    private static func encode(pairs: [[String]]) -> String {
        String(decoding: (try? JSONEncoder().encode(pairs)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
