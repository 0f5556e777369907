import Foundation
import NIOHTTP1

/// The budgets of lwgov's API operations (`GET /users`, `GET /groups/{groupId}/members` …): one
/// each (operations have separate limits and are fetched in parallel), or one for all of them
/// when the tenant's budget is shared (`api.rate_limit_scope = "tenant"`).
final class RateBudgets: Sendable {
    private let budgets: [String: RateBudget]

    init(operations: [String], settings: APISettings) {
        let make = {
            RateBudget(
                perWindow: settings.requestsPerWindow, window: settings.rateWindow, halveAfter: settings.halveAfter,
                reserve: settings.serverReserve
            )
        }
        var budgets: [String: RateBudget] = [:]
        switch settings.rateLimitScope {
        case .operation:
            for operation in operations { budgets[operation] = make() }
        case .tenant:
            let shared = make()
            for operation in operations { budgets[operation] = shared }
        }
        self.budgets = budgets
    }

    func budget(for operation: String) -> RateBudget {
        guard let budget = budgets[operation] else { preconditionFailure("no rate budget for API operation \(operation)") }
        return budget
    }
}
