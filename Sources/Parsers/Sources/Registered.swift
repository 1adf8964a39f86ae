// The list of parsers, one line each; each parser lives in its own file in this folder.
extension ParserRegistry {
    static let registered: [any OutputParser] = [
        CharonLogParser(),
        IpAddrParser(),
        IpRouteParser(),
        IptablesSaveParser(),
        KernelEspParser(),
        LibreswanTrafficStatusParser(),
        NftRulesetParser(),
        ProcessesParser(),
        SsParser(),
        SwanctlConfParser(),
        SwanctlListConnsParser(),
        SwanctlListPolsParser(),
        SwanctlListSasParser(),
        SwanctlStatsParser(),
        SysctlParser(),
        XfrmPolicyParser(),
        XfrmStateParser(),
        XfrmStatParser(),
    ]
}
