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
        StrokeConfExtractor(),
        SwanctlConnsExtractor(),
        SwanctlLifetimesExtractor(),
        OtherConnectionExtractor(),
        SwanctlPolsExtractor(),
        SwanctlSasExtractor(),
        TrafficSelectorNarrowingExtractor(),
        XfrmExtractor(),
    ]
}
