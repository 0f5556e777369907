struct SnapshotMeta: Decodable {
    var takenAt: String
    /// The encoding of the directory's `hr.csv` (`utf-8` or `cp932`), overriding `hr.encoding`:
    /// a files snapshot may say how its own roster is written.
    var hrEncoding: String?
}
