import Testing
@testable import Compare

@Suite struct ProposalTests {
    @Test func strongSwanAndLibreswanSpellingsMeanTheSameAlgorithms() {
        let (s, u1) = Proposal.parse("aes128-sha256-modp2048", ike: true)
        let (l, u2) = Proposal.parse("aes_cbc_128-sha2_256;dh14", ike: true)
        #expect(u1.isEmpty && u2.isEmpty)
        #expect(s.intersection(l, ike: true) != nil)
        #expect(s.prf == ["prfsha256"])
    }

    @Test func gcmKeywords() {
        #expect(Proposal.parse("aes256gcm16", ike: false).0.encryption == ["aes256gcm16"])
        #expect(Proposal.parse("aes128gcm128", ike: false).0.encryption == ["aes128gcm16"])
        #expect(Proposal.parse("aes_gcm256", ike: false).0.encryption == ["aes256gcm16"])
        #expect(Proposal.parse("aes_gcm", ike: false).0.encryption == ["aes256gcm16", "aes128gcm16"])
    }

    @Test func labIKEMismatchHasNoCommonProposal() {
        let a = DefaultProposals.effective(["aes128-sha256-modp2048"], dialect: .swanctl, ike: true)
        let b = DefaultProposals.effective(["aes256-sha384-modp3072"], dialect: .swanctl, ike: true)
        #expect(DefaultProposals.firstCommon(a.proposals, b.proposals, ike: true) == nil)
    }

    @Test func unsetSwanctlSideAcceptsAConfiguredModernProposal() {
        let a = DefaultProposals.effective(nil, dialect: .swanctl, ike: true)
        let b = DefaultProposals.effective(["aes256-sha384-ecp384"], dialect: .swanctl, ike: true)
        #expect(DefaultProposals.firstCommon(a.proposals, b.proposals, ike: true) != nil)
        // strongSwan's default never includes MODP 1024
        let weak = DefaultProposals.effective(["aes128-sha1-modp1024"], dialect: .swanctl, ike: true)
        #expect(DefaultProposals.firstCommon(a.proposals, weak.proposals, ike: true) == nil)
    }

    @Test func strokeWithoutBangAddsTheDefaults() {
        let stroke = DefaultProposals.effective(["aes128-sha1-modp1024"], dialect: .strongswanStroke, ike: true)
        let swanctl = DefaultProposals.effective(["aes256-sha512-ecp384"], dialect: .swanctl, ike: true)
        #expect(DefaultProposals.firstCommon(stroke.proposals, swanctl.proposals, ike: true) != nil)
        let strict = DefaultProposals.effective(["aes128-sha1-modp1024!"], dialect: .strongswanStroke, ike: true)
        #expect(DefaultProposals.firstCommon(strict.proposals, swanctl.proposals, ike: true) == nil)
    }

    @Test func espDHOnlyMattersAtRekeying() {
        let a = DefaultProposals.effective(["aes128-sha256-modp2048"], dialect: .swanctl, ike: false)
        let b = DefaultProposals.effective(["aes128-sha256"], dialect: .swanctl, ike: false)
        #expect(DefaultProposals.firstCommon(a.proposals, b.proposals, ike: false, checkDH: false) != nil)
        #expect(DefaultProposals.firstCommon(a.proposals, b.proposals, ike: false, checkDH: true) == nil)
    }
}
