import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// The service account's secrets, read from files (SPEC 6). Never printed: `description` is redacted.
public struct APICredentials: Sendable, CustomStringConvertible {
    let clientSecret: String
    let privateKeyPEM: String

    public init(clientSecret: String, privateKeyPEM: String) {
        self.clientSecret = clientSecret
        self.privateKeyPEM = privateKeyPEM
    }

    public var description: String { "APICredentials(redacted)" }

    /// Reads both files. Either one readable by group or others is refused with the chmod that fixes it.
    ///
    /// - Throws: `APIError` (.configuration) naming the key and file.
    public static func load(clientSecretFile: String, privateKeyFile: String) throws(APIError) -> APICredentials {
        let secret = try secretFile(clientSecretFile, key: "api.client_secret_file")
        let key = try secretFile(privateKeyFile, key: "api.private_key_file")
        let trimmedSecret = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedSecret.isEmpty else { throw APIError(.configuration, "api.client_secret_file \(quoted(clientSecretFile)) is empty") }
        guard key.contains("-----BEGIN PRIVATE KEY-----") || key.contains("-----BEGIN RSA PRIVATE KEY-----") else {
            throw APIError(.configuration, "api.private_key_file \(quoted(privateKeyFile)) holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)")
        }
        return APICredentials(clientSecret: trimmedSecret, privateKeyPEM: key)
    }

    private static func secretFile(_ path: String, key: String) throws(APIError) -> String {
        guard !path.isEmpty else { throw APIError(.configuration, "\(key) is not set: name the file that holds the secret") }
        let status: FileStatus
        do {
            status = try FileStatus.of(path)
        } catch {
            throw APIError(.configuration, "\(key) \(quoted(path)) cannot be read (\(error.reason))")
        }
        guard status.kind == .regular else { throw APIError(.configuration, "\(key) \(quoted(path)) is not a regular file") }
        let mode = status.permissions
        if mode & 0o077 != 0 {
            throw APIError(
                .configuration,
                "\(key) \(quoted(path, limit: 400)) is readable by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(quoted(path, limit: 400))"
            )
        }
        guard status.size <= 64 << 10 else { throw APIError(.configuration, "\(key) \(quoted(path)) is larger than 64 KiB; is it the right file?") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw APIError(.configuration, "\(key) \(quoted(path)) cannot be read as UTF-8 text")
        }
        return text
    }
}
