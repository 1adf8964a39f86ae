/// Hands out one shared copy of each distinct string list a parser puts into its records.
///
/// WHY: a concentrator's 10,000 connections mostly repeat the same lists — local addresses,
/// auth classes, local id, proposals, local traffic selectors — and each record held its own
/// heap buffer of each (swanctl.conf and `--list-conns` records were 22 MiB of a 10,000-tunnel
/// diagnosis' 86 MiB peak heap, heaptrack). Arrays are values, so a record that shares another's
/// equal buffer reads and encodes exactly as before; a writer would copy it first. An interner
/// lives for one parse and is dropped with it; lists that never repeat only pass through.
struct ListInterner {
    private var seen = Set<[String]>()

    /// `list`, or an equal list seen before (sharing its storage).
    mutating func callAsFunction(_ list: [String]) -> [String] {
        if list.isEmpty { return list }   // every empty array already shares one buffer
        return seen.insert(list).memberAfterInsert
    }

    mutating func callAsFunction(_ list: [String]?) -> [String]? {
        list.map { self($0) }
    }
}
