extension Array {
    /// The elements in an array of about their size. WHY: an array grown by appending doubles
    /// its room, so up to half of it stays unused for as long as the array lives; a parse's
    /// records live through the whole diagnosis (PERFORMANCE.md, tenth pass).
    func tight() -> [Element] {
        guard capacity - count > count / 8 else { return self }
        var out: [Element] = []
        out.reserveCapacity(count)
        out.append(contentsOf: self)
        return out
    }
}
