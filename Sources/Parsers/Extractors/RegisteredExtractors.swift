extension FactExtraction {
    static let registeredExtractors: [any FactExtractor] = [
        CharonLogExtractor(),
        FirewallExtractor(),
        HostExtractor(),
        LibreswanTrafficExtractor(),
        ProbeExtractor(),
        SwanctlConnsExtractor(),
        SwanctlPolsExtractor(),
        SwanctlSasExtractor(),
        XfrmExtractor(),
    ]
}
