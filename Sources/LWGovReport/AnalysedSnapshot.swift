import LWGovModel
import LWGovStore

extension Store {
    /// The analysed snapshot a report or message is about: by id, by period, or the newest.
    ///
    /// - Throws: `StoreError` (.badInput) naming what to do when there is none.
    public func analysedSnapshot(id: Int64? = nil, period: String? = nil) throws(StoreError) -> SnapshotInfo {
        let analysed = try analysedSnapshots()
        if let id {
            guard let found = analysed.first(where: { $0.id == id }) else {
                throw StoreError(.badInput, "snapshot #\(id) is not analysed; run `lwgov analyze --snapshot \(id)` first")
            }
            return found
        }
        if let period {
            guard let found = analysed.last(where: { $0.period == period }) else {
                throw StoreError(.badInput, "no analysed snapshot for period \(period); `lwgov status` lists them")
            }
            return found
        }
        guard let newest = analysed.last else {
            throw StoreError(.badInput, "nothing to report: no snapshot has been analysed yet (run `lwgov analyze`)")
        }
        return newest
    }
}
