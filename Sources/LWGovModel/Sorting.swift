extension Array {
    /// The elements sorted by `areInIncreasingOrder`, found by sorting positions: for large
    /// elements (a finding with its texts and evidence) a sort that moves the elements
    /// themselves spends most of its time copying them. Inlinable, so the comparison is
    /// specialised in the caller's module instead of copying elements through generic code.
    @inlinable
    public func sortedByPosition(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        let order = indices.sorted { areInIncreasingOrder(self[$0], self[$1]) }
        return order.map { self[$0] }
    }
}
