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
