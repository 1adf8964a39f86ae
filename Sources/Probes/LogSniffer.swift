/// Guesses which daemon wrote a log from its first lines, for `--log FILE` and loose snapshots.
public enum LogSniffer {
    public static func source(of text: String) -> String? {
        let head = text.prefix(20_000)
        if head.range(of: #"\b\d{2}\[(IKE|CFG|NET|KNL|ENC|CHD|LIB|DMN|MGR|JOB|ASN|TLS|APP|ESP|IMC|IMV|PTS)\]"#, options: .regularExpression) != nil {
            return "charon-log"
        }
        if head.contains("pluto[") || head.contains("pluto:") { return ParserRegistryNames.pluto }
        if head.contains("racoon:") || head.contains("racoon[") { return ParserRegistryNames.racoon }
        if head.contains("isakmpd[") { return ParserRegistryNames.isakmpd }
        if head.contains("iked[") { return ParserRegistryNames.iked }
        return nil
    }
}

/// Source names of log parsers that other parts of the code refer to.
enum ParserRegistryNames {
    static let pluto = "pluto-log"
    static let racoon = "racoon-log"
    static let isakmpd = "isakmpd-log"
    static let iked = "iked-log"
}
