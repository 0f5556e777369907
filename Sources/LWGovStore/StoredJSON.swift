import Foundation
import LWGovModel

/// The lists the store keeps as JSON text (a finding's departments and evidence, a group's
/// home departments), written and read by Foundation. Evidence is a list of `[label, value]`
/// pairs. A text lwgov did not write reads as an empty list. (A coder per call: a shared one
/// measured slower.)
enum StoredJSON {
    static func encode(strings: [String]) -> String {
        // Encoding an array of strings cannot fail.
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func encode(evidence: [EvidenceItem]) -> String {
        let pairs = evidence.map { [$0.label, $0.value] }
        return String(decoding: (try? JSONEncoder().encode(pairs)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The evidence and department texts of many findings, in order, encoded on every core (an
    /// analysis at L writes 70,000 findings: 140,000 encoder runs).
    static func encode(_ findings: [Finding]) -> [(evidence: String, departments: String)] {
        let shares = max(1, min(ProcessInfo.processInfo.activeProcessorCount, findings.count / 1000))
        return parallelMap(shares) { share in
            let range = findings.count * share / shares..<findings.count * (share + 1) / shares
            return findings[range].map { (encode(evidence: $0.evidence), encode(strings: $0.departments)) }
        }.flatMap { $0 }
    }

    static func strings(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    static func evidence(_ text: String) -> [EvidenceItem] {
        items((try? JSONDecoder().decode([[String]].self, from: Data(text.utf8))) ?? [])
    }

    /// Many stored lists at once, in order. The texts are read as one JSON document (an array
    /// of them) in one decoder run, which costs far less than a run per text when a report
    /// reads 70,000 findings; if any text is not JSON, each is read on its own.
    static func strings(_ texts: [String]) -> [[String]] {
        (try? JSONDecoder().decode([[String]].self, from: document(texts))) ?? texts.map(strings)
    }

    /// Many stored evidence lists at once, in order (see `strings(_:)` for texts).
    static func evidence(_ texts: [String]) -> [[EvidenceItem]] {
        guard let all = try? JSONDecoder().decode([[[String]]].self, from: document(texts)) else { return texts.map(evidence) }
        return all.map(items)
    }

    private static func document(_ texts: [String]) -> Data {
        var data = Data("[".utf8)
        data.reserveCapacity(texts.reduce(2) { $0 + $1.utf8.count + 1 })
        for (index, text) in texts.enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            data.append(contentsOf: text.utf8)
        }
        data.append(UInt8(ascii: "]"))
        return data
    }

    private static func items(_ pairs: [[String]]) -> [EvidenceItem] {
        pairs.compactMap { $0.count == 2 ? EvidenceItem($0[0], $0[1]) : nil }
    }
}
