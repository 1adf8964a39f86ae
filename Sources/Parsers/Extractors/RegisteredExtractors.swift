extension FactExtraction {
    static let registeredExtractors: [any FactExtractor] = [
        CharonLogExtractor(),
        FirewallExtractor(),
        HostExtractor(),
        LibreswanTrafficExtractor(),
        SwanctlConnsExtractor(),
        SwanctlPolsExtractor(),
        SwanctlSasExtractor(),
        XfrmExtractor(),
    ]
}
