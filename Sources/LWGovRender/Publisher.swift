import Foundation

/// Publishes a period's files atomically: everything is written into a hidden temporary folder
/// beside the target, then swapped in by rename, so a reader sees the old period or the new
/// one, never a mix or a half-written file (SPEC 4).
struct Publisher {
    let outputDirectory: URL

    /// - Parameter files: relative path → content.
    /// - Throws: `RenderError` (.cannotWrite); nothing is published then.
    func publish(period: String, files: [String: Data]) throws(RenderError) -> URL {
        let fm = FileManager.default
        let target = outputDirectory.appendingPathComponent(period)
        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = outputDirectory.appendingPathComponent(".\(period).tmp-\(token)")
        let retired = outputDirectory.appendingPathComponent(".\(period).old-\(token)")
        do {
            try fm.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
            cleanLeftovers(period: period)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let url = staging.appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw RenderError(.cannotWrite, "\(outputDirectory.path): cannot write the reports (\(error.localizedDescription))")
        }
        let hadOld = fm.fileExists(atPath: target.path)
        if hadOld && Self.exchange(staging.path, target.path) {
            // The new period is in place in one step; the old one is now at `staging`.
            try? fm.removeItem(at: staging)
            return target
        }
        if hadOld && rename(target.path, retired.path) != 0 {
            try? fm.removeItem(at: staging)
            throw RenderError(.cannotWrite, "\(target.path): cannot replace the previous reports (\(String(cString: strerror(errno))))")
        }
        if rename(staging.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(retired.path, target.path) }
            try? fm.removeItem(at: staging)
            throw RenderError(.cannotWrite, "\(target.path): cannot publish the reports (\(reason))")
        }
        if hadOld { try? fm.removeItem(at: retired) }
        return target
    }

    /// Swaps two paths atomically with Linux `renameat2(RENAME_EXCHANGE)`, so readers never
    /// see the period missing; false where the call is unavailable (then two renames are used).
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let atFDCWD: Int32 = -100, renameExchange: UInt32 = 1 << 1
        return renameat2(atFDCWD, a, atFDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }

    /// Removes staging and retired folders a killed earlier run left behind; restores a period
    /// whose swap was interrupted between the two renames.
    private func cleanLeftovers(period: String) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: outputDirectory.path) else { return }
        let target = outputDirectory.appendingPathComponent(period)
        for name in names where name.hasPrefix(".\(period).") {
            let url = outputDirectory.appendingPathComponent(name)
            if name.contains(".old-") && !fm.fileExists(atPath: target.path) {
                _ = rename(url.path, target.path)
            } else {
                try? fm.removeItem(at: url)
            }
        }
    }
}
