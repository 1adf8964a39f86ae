/// Which byte of a needle `LineBytes.find` hands to memchr: the one likely rarest in the text
/// searched (command outputs, configs and logs: blanks, lower-case letters and digits
/// everywhere, upper-case letters and most punctuation seldom). Any byte gives the same
/// result; a rare one gives memchr long runs and the compare few false starts.
enum NeedleAnchor {
    /// The index of the needle's byte with the lowest commonness (the first of equals).
    @inline(__always)
    static func index(_ nd: UnsafeRawBufferPointer) -> Int {
        guard nd.count > 1 else { return 0 }
        return commonness.withUnsafeBufferPointer { t in
            var best = 0, score = UInt8.max
            for k in 0..<nd.count where t[Int(nd[k])] < score { best = k; score = t[Int(nd[k])] }
            return best
        }
    }

    /// A rough rank of how often each byte appears in such text, higher is more often.
    static let commonness: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
        let c = UInt8(b)
        switch c {
        case 0x20, 0x09, 0x0A: return 100                       // blanks and line ends
        case 0x30...0x39: return 60                               // digits
        case 0x2C, 0x2E: return 55                                // `,` `.`
        case 0x61...0x7A:
            // English letter frequency, `e` most common; hex letters a-f rank high anyway.
            let rank = Array("etaoinsrhdlcufmpgwybvkxjqz".utf8).firstIndex(of: c) ?? 25
            return UInt8(50 - rank)
        case 0x41...0x5A: return 15                               // upper case
        default: return 10                                        // other punctuation
        }
    }
}
