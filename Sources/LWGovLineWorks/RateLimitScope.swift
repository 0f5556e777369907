/// Whose budget `api.requests_per_minute` is (`api.rate_limit_scope`).
public enum RateLimitScope: String, Sendable, Equatable, CaseIterable {
    case operation, tenant
}
