extension FactExtraction {
    static let registeredExtractors: [any FactExtractor] = [
        CaptureExtractor(),
        CharonLogExtractor(),
        FirewallExtractor(),
        HostExtractor(),
        IllumosExtractor(),
        InstalledExtractor(),
        LibreswanExtractor(),
        LibreswanTrafficExtractor(),
        NeighbourExtractor(),
        OpenBSDExtractor(),
        ProbeExtractor(),
        RacoonExtractor(),
        SwanctlConnsExtractor(),
        SwanctlPolsExtractor(),
        SwanctlSasExtractor(),
        TrafficSelectorNarrowingExtractor(),
        XfrmExtractor(),
    ]
}
