import LWGovModel

/// How `waive`, `waivers`, `plan` and `plans` name what a waiver or plan is about: a group
/// (`g-1`), one subject in it (`g-1/u-2`), every group (`*`), or an account (the account rules
/// have no group, SPEC 3.5). Stored text is quoted as in every other message.
enum FindingTarget {
    static func text(groupId: String, subject: String?) -> String {
        let subject = subject.flatMap { $0.isEmpty ? nil : quoted($0) }
        switch groupId {
        case "": return subject.map { "account \($0)" } ?? "every account"
        case "*": return "every group" + (subject.map { "/\($0)" } ?? "")
        default: return quoted(groupId) + (subject.map { "/\($0)" } ?? "")
        }
    }
}
