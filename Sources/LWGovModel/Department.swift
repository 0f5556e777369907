import Foundation

/// A department as it stood at an analysed snapshot.
public struct Department: Sendable, Hashable {
    public var id: String
    public var name: String
    /// 「総務部/ＤＸ推進課」.
    public var path: String
    public var displayOrder: Int

    public init(id: String, name: String, path: String, displayOrder: Int) {
        self.id = id
        self.name = name
        self.path = path
        self.displayOrder = displayOrder
    }
}
