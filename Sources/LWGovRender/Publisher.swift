import Foundation

/// Publishes a period's files atomically: everything is written into a hidden temporary folder
/// beside the target, then swapped in by rename, so a reader sees the old period or the new
/// one, never a mix or a half-written file (SPEC 4).
struct Publisher {
    let outputDirectory: URL

    /// Starts a publication: a fresh staging folder with `folders` (relative paths) made in it.
    /// Files are then written into it, from any thread, as they are ready.
    ///
    /// - Throws: `RenderError` (.cannotWrite).
    func begin(period: String, folders: Set<String>) throws(RenderError) -> Staging {
        let fm = FileManager.default
        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = Staging(
            outputDirectory: outputDirectory, target: outputDirectory.appendingPathComponent(period),
            staging: outputDirectory.appendingPathComponent(".\(period).tmp-\(token)"),
            retired: outputDirectory.appendingPathComponent(".\(period).old-\(token)")
        )
        do {
            try fm.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
            cleanLeftovers(period: period)
            try fm.createDirectory(at: staging.staging, withIntermediateDirectories: true)
            for folder in folders.sorted() where !folder.isEmpty {
                try fm.createDirectory(at: staging.staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
        } catch {
            staging.abandon()
            throw RenderError.cannotWrite(outputDirectory.path, error)
        }
        return staging
    }

    /// A period being written into its staging folder.
    final class Staging: Sendable {
        let outputDirectory: URL
        let target: URL
        let staging: URL
        let retired: URL

        init(outputDirectory: URL, target: URL, staging: URL, retired: URL) {
            self.outputDirectory = outputDirectory
            self.target = target
            self.staging = staging
            self.retired = retired
        }

        /// Writes one file; distinct paths may be written from several threads at once.
        ///
        /// - Throws: `RenderError` (.cannotWrite).
        func write(_ path: String, _ data: Data) throws(RenderError) {
            do {
                try data.write(to: staging.appendingPathComponent(path))
            } catch {
                throw RenderError.cannotWrite(target.appendingPathComponent(path).path, error)
            }
        }

        /// Removes everything written so far; nothing is published.
        func abandon() { try? FileManager.default.removeItem(at: staging) }

        /// Swaps the staging folder in for the period.
        ///
        /// - Throws: `RenderError` (.cannotWrite); the previous period stays then.
        func publish() throws(RenderError) -> URL {
            let fm = FileManager.default
            let hadOld = fm.fileExists(atPath: target.path)
            if hadOld && Publisher.exchange(staging.path, target.path) {
                // The new period is in place in one step; the old one is now at `staging`.
                abandon()
                return target
            }
            if hadOld && rename(target.path, retired.path) != 0 {
                abandon()
                throw RenderError(.cannotWrite, "\(target.path): cannot replace the previous reports (\(RenderError.reason(errno: errno)))")
            }
            if rename(staging.path, target.path) != 0 {
                let reason = RenderError.reason(errno: errno)
                if hadOld { _ = rename(retired.path, target.path) }
                abandon()
                throw RenderError(.cannotWrite, "\(target.path): cannot publish the reports (\(reason))")
            }
            if hadOld { try? fm.removeItem(at: retired) }
            return target
        }
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

extension RenderError {
    /// The one place a failed write becomes a message: one sentence naming the file and saying
    /// why in words (a full disk, a read-only file system, no permission), never
    /// "NSCocoaErrorDomain error 512".
    static func cannotWrite(_ path: String, _ error: any Error) -> RenderError {
        RenderError(.cannotWrite, "\(path): cannot write the report (\(reason(of: error)))")
    }

    /// Why a write failed, from the POSIX error under Foundation's error.
    static func reason(of error: any Error) -> String {
        if let code = posixCode(of: error as NSError) { return reason(errno: code) }
        if let error = error as? POSIXError { return reason(errno: error.code.rawValue) }
        if let error = error as? CocoaError {
            switch error.code {
            case .fileWriteOutOfSpace: return reason(errno: ENOSPC)
            case .fileWriteVolumeReadOnly: return reason(errno: EROFS)
            case .fileWriteNoPermission, .fileReadNoPermission: return reason(errno: EACCES)
            case .fileNoSuchFile, .fileReadNoSuchFile: return reason(errno: ENOENT)
            case .fileWriteFileExists: return reason(errno: EEXIST)
            default: break
            }
        }
        return "the file system refused it"
    }

    /// Words for the errors a write meets; others as the system names them.
    static func reason(errno code: Int32) -> String {
        switch code {
        case ENOSPC: "the disk is full"
        case EDQUOT: "the disk quota is used up"
        case EROFS: "the file system is read-only"
        case EACCES, EPERM: "permission denied"
        case ENOENT: "the folder does not exist"
        case EEXIST, ENOTDIR: "a file that is not a folder is in the way"
        default: String(cString: strerror(code))
        }
    }

    private static func posixCode(of error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError { return posixCode(of: underlying) }
        return nil
    }
}
