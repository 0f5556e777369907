import Foundation
import LWGovTestSupport
import Testing
import LWGovExtract
import LWGovModel
import LWGovLineWorks

/// Secrets come from files with safe modes and never reach messages.
struct CredentialsTests {
    private func write(_ text: String, mode: Int, in dir: URL, name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test("A private key readable by group or others is refused with the chmod that fixes it")
    func keyModeRefused() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = try write("s3cret+/=\n", mode: 0o600, in: dir, name: "client_secret")
        for mode in [0o644, 0o640, 0o604] {
            let key = try write(TestKeys.privateKeyPEM, mode: mode, in: dir, name: "key-\(mode).pem")
            let error = #expect(throws: APIError.self) {
                _ = try APICredentials.load(clientSecretFile: secret, privateKeyFile: key)
            }
            #expect(error?.kind == .configuration)
            #expect(error?.message.contains("api.private_key_file") == true)
            #expect(error?.message.hasSuffix("run: chmod 600 \(key)") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("BEGIN PRIVATE KEY") == false)
        }
    }

    @Test("A client secret file readable by others is refused too; its content is never shown")
    func secretModeRefused() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = try write("s3cret+/=\n", mode: 0o644, in: dir, name: "client_secret")
        let key = try write(TestKeys.privateKeyPEM, mode: 0o600, in: dir, name: "key.pem")
        let error = #expect(throws: APIError.self) { _ = try APICredentials.load(clientSecretFile: secret, privateKeyFile: key) }
        #expect(error?.message.contains("api.client_secret_file") == true)
        #expect(error?.message.contains("s3cret") == false)
    }

    @Test("Mode 600 files are read; the secret is trimmed and the credentials print redacted")
    func safeFilesRead() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = try write("  s3cret+/=\n", mode: 0o600, in: dir, name: "client_secret")
        let key = try write(TestKeys.privateKeyPEM, mode: 0o400, in: dir, name: "key.pem")
        let credentials = try APICredentials.load(clientSecretFile: secret, privateKeyFile: key)
        #expect("\(credentials)" == "APICredentials(redacted)")
        #expect(!String(reflecting: credentials).contains("s3cret"))
    }

    @Test("A file that is not a PEM key, an empty secret or a missing file is a configuration error naming the key")
    func badFiles() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = try write("s3cret", mode: 0o600, in: dir, name: "client_secret")
        let empty = try write("\n", mode: 0o600, in: dir, name: "empty")
        let notKey = try write("hello", mode: 0o600, in: dir, name: "not-a-key")
        let key = try write(TestKeys.privateKeyPEM, mode: 0o600, in: dir, name: "key.pem")
        let cases: [(String, String, String)] = [
            (secret, notKey, "api.private_key_file"),
            (empty, key, "api.client_secret_file"),
            (dir.appendingPathComponent("nope").path, key, "api.client_secret_file"),
            ("", key, "api.client_secret_file is not set"),
        ]
        for (secretPath, keyPath, expected) in cases {
            let error = #expect(throws: APIError.self) { _ = try APICredentials.load(clientSecretFile: secretPath, privateKeyFile: keyPath) }
            #expect(error?.kind == .configuration)
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        }
    }
}
