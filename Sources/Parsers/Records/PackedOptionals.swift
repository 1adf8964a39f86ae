/// A record's rarely set optional fields of one type, kept together: only the ones set take
/// room, in one heap buffer (none while all are nil), field `i` by bit `i` of `present`.
///
/// WHY: a struct of optionals holds each inline whether set or not (a `String?` 16 bytes, an
/// `Int?` 16 with its padding). swanctl.conf and `--list-conns` records hold 10,000 connections
/// each through a concentrator's whole diagnosis, most of their optionals nil (PERFORMANCE.md,
/// tenth pass). The records keep their public properties, reading and writing these by index.
struct PackedOptionals<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The set fields' values in field order. Arrays are values: a copy of the record shares
    /// this buffer until one of them writes.
    private var values: [Value] = []
    private var present: UInt16 = 0

    /// Field `i` (0..<16): its value, or nil when not set. Setting nil removes it, so two
    /// records with the same fields set to the same values are equal, as their optionals were.
    subscript(_ i: Int) -> Value? {
        get {
            let bit: UInt16 = 1 << i
            return present & bit == 0 ? nil : values[(present & (bit &- 1)).nonzeroBitCount]
        }
        set {
            let bit: UInt16 = 1 << i, at = (present & (bit &- 1)).nonzeroBitCount
            switch (present & bit != 0, newValue) {
            case (true, let v?): values[at] = v
            case (true, nil): values.remove(at: at); present &= ~bit
            case (false, let v?): values.insert(v, at: at); present |= bit
            case (false, nil): break
            }
        }
    }
}
