extension FactExtraction {
    static let registeredExtractors: [any FactExtractor] = [
    ]
}
