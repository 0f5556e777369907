import JWTKit

/// The JWT claims LINE WORKS expects: `iat` and `exp` as whole seconds (LINEWORKS_API.md).
struct ServiceAccountClaims: JWTPayload {
    var iss: String
    var sub: String
    var iat: Int
    var exp: Int

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
