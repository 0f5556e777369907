import Foundation
import LWGovModel
import Testing

/// Stored snapshot hashes and report file names are SHA-256 digests: they must not change when
/// the digest's implementation does (a stored store and published links depend on them).
struct HashTests {
    /// A small directory that touches every field `contentHash` covers.
    static let snapshot = DirectorySnapshot(
        takenAt: Date(timeIntervalSince1970: 1_775_000_000),
        orgUnits: [OrgUnit(id: "ka", name: "総務課", parentId: "bu", displayOrder: 2), OrgUnit(id: "bu", name: "総務部")],
        users: [
            User(
                id: "u2", lastName: "山田", firstName: "太郎", email: "yamada@example.jp", isOnLeave: true,
                entries: [OrgEntry(orgUnitId: "ka", positionName: "課長", isManager: true, isPrimary: true, useTeamFeature: false)]
            ),
            User(id: "u1", isDeleted: true, isAwaiting: true),
        ],
        groups: [
            Group(
                id: "g1", name: "連絡", visible: false, useMessage: true, administrators: ["u2", "u1"],
                members: [GroupMember(id: "ka", type: .orgUnit), GroupMember(id: "u1", type: .user)]
            )
        ],
        transferDates: [TransferDate(userId: "u2", effectiveDate: "2026-03-25", fromOrgUnitId: "bu", toOrgUnitId: "ka")]
    )

    @Test func contentHashIsPinned() {
        #expect(Self.snapshot.contentHash == "0b24c27a9fb2f5dc7cf3980c17795ed89ac7d103377ebfaafe2367f64151d22a")
        var empty = Self.snapshot
        empty.orgUnits = []; empty.users = []; empty.groups = []; empty.transferDates = []
        #expect(empty.contentHash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func shortenedFileNamesArePinned() {
        #expect(IdFileName.stem(for: String(repeating: "部", count: 50)) == String(repeating: "%E9%83%A8", count: 11) + "%E9~33f0485c379b8c97")
        #expect(IdFileName.stem(for: String(repeating: "a", count: 121)) == String(repeating: "a", count: 103) + "~e9615320128cc7a3")
    }
}
