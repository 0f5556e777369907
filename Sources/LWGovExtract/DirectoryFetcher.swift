import AsyncHTTPClient
import LWGovLineWorks
import Foundation
import Logging
import LWGovModel

/// Reads the whole directory from the LINE WORKS API 2.0 (LINEWORKS_API.md) into memory.
///
/// Users, org units and groups are separate API operations with separate limits, so the three
/// lists are paged at the same time; per-group members and administrators (when configured)
/// follow the group list. Nothing is stored here: the caller stores the result in one
/// transaction, so any failure leaves the store as it was.
public struct DirectoryFetcher: Sendable {
    public let settings: APISettings
    public let credentials: APICredentials
    public let logger: Logger
    private let http: HTTPClient

    public init(settings: APISettings, credentials: APICredentials, logger: Logger, http: HTTPClient = .shared) {
        self.settings = settings
        self.credentials = credentials
        self.logger = logger
        self.http = http
    }

    /// - Parameters:
    ///   - takenAt: the snapshot's time (the start of the fetch, by default).
    ///   - transferDates: effective dates from a `transfers.csv`, if the city keeps one.
    /// - Throws: `APIError` (69 unavailable, 78 refused credentials), `ExtractError` (65 bad data).
    public func fetch(takenAt: Date = Date(), transferDates: [TransferDate] = []) async throws -> APIFetch {
        let start = ContinuousClock.now
        let client = APIClient(http: http, settings: settings, credentials: credentials, logger: logger)
        // One task per list; the first failure cancels the others instead of waiting for them.
        enum Part: Sendable {
            case units([OrgUnit]), users([User]), groups([Group], [Diagnostic])
        }
        var units: [OrgUnit] = [], people: [User] = [], groups: [Group] = [], groupDiagnostics: [Diagnostic] = []
        try await withThrowingTaskGroup(of: Part.self) { parts in
            parts.addTask { .units(try await list(client, operation: "GET /orgunits", path: "/orgunits", as: OrgUnitList.self) { $0.orgUnits }) }
            parts.addTask { .users(try await list(client, operation: "GET /users", path: "/users", as: UserList.self) { $0.users }) }
            parts.addTask {
                let listed = try await list(client, operation: "GET /groups", path: "/groups", as: GroupList.self) { $0.groups }
                let (groups, diagnostics) = try await completeGroups(listed, client: client)
                return .groups(groups, diagnostics)
            }
            for try await part in parts {
                switch part {
                case .units(let value): units = value
                case .users(let value): people = value
                case .groups(let value, let diagnostics): (groups, groupDiagnostics) = (value, diagnostics)
                }
            }
        }

        var diagnostics = try SnapshotReader.validate(orgUnits: units, users: people, groups: groups, names: .api)
        diagnostics += groupDiagnostics
        let snapshot = DirectorySnapshot(
            takenAt: takenAt, orgUnits: units, users: people, groups: groups, transferDates: transferDates
        )
        let elapsed = ContinuousClock.now - start
        return APIFetch(
            snapshot: snapshot, diagnostics: diagnostics, stats: await client.stats(),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }

    // MARK: Paging

    /// Every page of one list, following `responseMetaData.nextCursor`.
    ///
    /// - Parameter missingIsNil: a 404, or 403 ACCESS_DENIED, on the first page means "this list
    ///   cannot be read" (external groups), answered as nil instead of an error.
    private func list<Page: Decodable & Sendable, Item: Sendable>(
        _ client: APIClient, operation: String, path: String, as page: Page.Type, missingIsNil: Bool = false,
        items: @escaping @Sendable (Page) -> [Item]
    ) async throws -> [Item]? {
        var result: [Item] = []
        var cursor: String?
        var seen: Set<String> = []
        var number = 1
        repeat {
            var query = [("count", String(settings.pageSize))]
            if let cursor { query.append(("cursor", cursor)) }
            let what = "GET \(path) page \(number)"
            let accept: Set<Int> = missingIsNil && number == 1 ? [403, 404] : []
            let decoded: (items: [Item], next: String?)? = try await client.send(
                operation: operation, path: path, query: query, what: what, accept: accept
            ) { reply in
                if reply.status == 404 { return .value(nil) }
                if reply.status == 403 {
                    // ACCESS_DENIED: this group cannot be read this way (external groups). Any
                    // other 403 is the app's own permissions, which no fallback should hide.
                    guard TokenProvider.errorCode(reply.body) == "ACCESS_DENIED" else {
                        throw APIError(.configuration, "\(what): the API refused access (HTTP 403); the app needs the scopes \(settings.scopeParameter) (api.scopes)")
                    }
                    return .value(nil)
                }
                switch decodePage(Page.self, reply.body, what: "API \(what)") {
                case .page(let page, let next): return .value((items(page), next))
                case .malformed(let detail): return .retry("malformed JSON (\(detail))")
                case .invalid(let message): throw ExtractError(.badInput, message)
                }
            }
            guard let decoded else { return nil }
            result += decoded.items
            cursor = decoded.next.flatMap { $0.isEmpty ? nil : $0 }
            if let next = cursor, !seen.insert(next).inserted {
                throw APIError(.unavailable, "\(what): the API returned a cursor it had already given (\(quoted(next, limit: 40))); stopping instead of looping; nothing was stored")
            }
            number += 1
        } while cursor != nil
        return result
    }

    private func list<Page: Decodable & Sendable, Item: Sendable>(
        _ client: APIClient, operation: String, path: String, as page: Page.Type,
        items: @escaping @Sendable (Page) -> [Item]
    ) async throws -> [Item] {
        try await list(client, operation: operation, path: path, as: page, missingIsNil: false, items: items) ?? []
    }

    // MARK: Per-group endpoints

    /// Groups whose inline lists may be cut short are read again through the paged per-group
    /// endpoints (per `api.per_group_fetch`).
    private func completeGroups(_ listed: [Group], client: APIClient) async throws -> ([Group], [Diagnostic]) {
        let chosen: [Int] = switch settings.perGroupFetch {
        case .never: []
        case .always: Array(listed.indices)
        case .large:
            listed.indices.filter {
                listed[$0].members.count >= settings.largeGroupSize || listed[$0].administrators.count >= settings.largeGroupSize
            }
        }
        guard !chosen.isEmpty else { return (listed, []) }
        logger.info("api: reading members and administrators of \(chosen.count) group(s) through the per-group endpoints")
        var groups = listed
        var unreadable: [String] = []
        try await withThrowingTaskGroup(of: (Int, [GroupMember]?, [String]?).self) { tasks in
            var next = 0
            func launch() {
                guard next < chosen.count else { return }
                let index = chosen[next]
                let id = listed[index].id
                next += 1
                tasks.addTask {
                    let encoded = queryEncoded(id)
                    async let members = list(
                        client, operation: "GET /groups/{groupId}/members", path: "/groups/\(encoded)/members",
                        as: MemberPage.self, missingIsNil: true
                    ) { $0.members }
                    async let administrators = list(
                        client, operation: "GET /groups/{groupId}/administrators", path: "/groups/\(encoded)/administrators",
                        as: AdministratorPage.self, missingIsNil: true
                    ) { $0.administrators }
                    return (index, try await members, try await administrators)
                }
            }
            for _ in 0..<settings.groupConcurrency { launch() }
            while let (index, members, administrators) = try await tasks.next() {
                if let members, let administrators {
                    let listed = groups[index]
                    // Through the initialiser, which keeps both lists as sorted sets.
                    groups[index] = Group(
                        id: listed.id, name: listed.name, visible: listed.visible, useMessage: listed.useMessage,
                        administrators: administrators, members: members
                    )
                } else {
                    unreadable.append(groups[index].id)
                }
                launch()
            }
        }
        guard !unreadable.isEmpty else { return (groups, []) }
        let examples = unreadable.prefix(3).map { "'\(quoted($0))'" }.joined(separator: ", ")
        return (groups, [Diagnostic("API: \(unreadable.count) group(s) cannot be read through the per-group endpoints (external groups?); their list entries are used as they are (e.g. \(examples))")])
    }
}

/// `responseMetaData.nextCursor`: absent, null or empty at the end.
private struct PageMeta: Decodable {
    struct Meta: Decodable {
        var nextCursor: String?

        enum Keys: String, CodingKey { case nextCursor }

        /// A string or null; anything else is bad data (65), never a silent "no more pages".
        init(from decoder: any Decoder) throws {
            nextCursor = try decoder.container(keyedBy: Keys.self).decodeIfPresent(String.self, forKey: .nextCursor)
        }
    }

    var responseMetaData: Meta?
}

private enum PageDecoding<Page> {
    case page(Page, next: String?)
    case malformed(String)
    case invalid(String)
}

/// One page: its items through the same decoders as the files, then the cursor.
private func decodePage<Page: Decodable>(_ type: Page.Type, _ body: Data, what: String) -> PageDecoding<Page> {
    guard !body.isEmpty else { return .malformed("empty body") }
    do {
        let page = try JSONDecoder().decode(Page.self, from: body)
        let meta = try JSONDecoder().decode(PageMeta.self, from: body)
        return .page(page, next: meta.responseMetaData?.nextCursor)
    } catch let error as DecodingError {
        if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
            return .malformed("\(body.count) bytes")
        }
        return .invalid(describe(error, file: what))
    } catch {
        return .malformed("\(error)")
    }
}
