// swift-tools-version:6.1
// ipsec-doctor: an expert system that finds out why an IPsec tunnel does not work.
//
// The targets follow the flow of a diagnosis:
//   Facts      typed facts with provenance, the fact vocabulary
//   Parsers    command output -> records -> facts (one parser per source)
//   Probes     run read-only commands on the host, or read a snapshot
//   RuleBase   declarative rules, questions and knowledge articles, loading and linting
//   Engine     forward chaining with certainty factors, ranking
//   Operator   the only reader of operator text: answers checked against the vocabulary,
//              answers files, and the planner that chooses what to ask next
//   Report     text and JSON reports
//   Wizard     the readline REPL that asks the operator
//   ipsec-doctor  the command line (swift-argument-parser)
//   WizardBenchmark  the simulated operator and question benchmark (not shipped in ipsec-doctor)
import PackageDescription
#if canImport(Glibc)
import Glibc
#endif

/// Packed relative relocations (DT_RELR) need glibc 2.36 where the binary runs: a binary linked
/// with them on an older host would not start there. The build host's glibc decides, so a
/// build on Ubuntu 22.04 or RHEL 9 still runs where it was built (and Debian 12 packs).
let glibcLoadsPackedRelocations: Bool = {
    #if canImport(Glibc)
    // confstr(_CS_GNU_LIBC_VERSION): "glibc 2.36"
    var buffer = [CChar](repeating: 0, count: 64)
    guard confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count) > 0 else { return false }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let version = text.split(separator: " ").last.map { $0.split(separator: ".").compactMap { Int($0) } } ?? []
    return version.count >= 2 && (version[0], version[1]) >= (2, 36)
    #else
    return false
    #endif
}()

let package = Package(
    name: "ipsec-doctor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ipsec-doctor", targets: ["ipsec-doctor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        // HMAC-SHA256 for `collect --psk-fingerprint` (never roll our own crypto).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "Facts"),
        .target(name: "Parsers", dependencies: ["Facts", "CMalloc"]),
        // glibc's malloc_trim, for Parsers/Support/FreedMemory.swift.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "RuleBase", dependencies: ["Facts", .product(name: "Yams", package: "Yams")]),
        .target(name: "Engine", dependencies: ["Facts", "RuleBase"]),
        .target(name: "Probes", dependencies: [
            "Facts", "Parsers", "CZlib",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Operator", dependencies: ["Facts", "RuleBase", "Engine", .product(name: "Yams", package: "Yams")]),
        // Two-sided diagnosis (compare) and many gateways at once (fleet); they read the other
        // modules only through Compare/SnapshotAdapter.swift.
        .target(name: "Compare", dependencies: ["Facts", "Parsers", "Probes", "RuleBase", "Engine", "Report"]),
        .target(name: "Fleet", dependencies: ["Compare", "Facts", "Engine", "RuleBase"]),
        .target(name: "Report", dependencies: ["Facts", "RuleBase", "Engine"]),
        // `ipsec-doctor trace`: one packet through routing, netfilter, the SPD and SAD.
        .target(name: "Trace", dependencies: ["Facts", "Parsers", "Probes"]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // zlib's inflate, for rotated logs logrotate compressed (Probes/Acquisition/Gunzip.swift).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "Wizard", dependencies: ["Facts", "RuleBase", "Engine", "Operator", "Report", "CReadline",
                                               .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "ipsec-doctor", dependencies: [
            "Facts", "Parsers", "Probes", "RuleBase", "Engine", "Operator", "Report", "Wizard", "Trace", "Compare", "Fleet",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [
            // Release builds on Linux link with the toolchain's lld, for two things gold cannot do
            // (Tests/Benchmarks/PERFORMANCE.md, tenth pass: 6-8 MiB of a 10,000-tunnel diagnosis'
            // peak RSS together):
            // - the position-independent binary's ~92,000 relative relocations packed (DT_RELR,
            //   where the build host's glibc is 2.36+, glibcLoadsPackedRelocations): gold wrote a
            //   2.2 MB table that the loader reads whole at each start;
            // - the functions `diagnose` runs laid out together (Tests/Benchmarks/link-order/make.sh),
            //   not spread over the 22 MB of code, each touched page mapping 64 KB around it.
            // And no dynamic symbol table of the binary's own functions: the toolchain's
            // static-stdlib-args.lnk asks for `-export-dynamic`, which puts ~60,000 of them
            // (1.1 MB, read at each start: resident) in `.dynsym`. Nothing looks them up by name:
            // the runtime's and Foundation's dlsym calls name other libraries' symbols (or search
            // after this object, RTLD_NEXT), fatal errors print no stack trace without the
            // separate swift-backtrace, and a crash dump's symbols come from `.symtab`, which stays
            // (PERFORMANCE.md, stop 25). The last of the two flags on the link line wins.
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "--no-export-dynamic"]
                         + (glibcLoadsPackedRelocations ? ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"] : [])
                         + ["-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Tests/Benchmarks/link-order/functions.txt",
                            "-Xlinker", "--no-warn-symbol-ordering"],
                         .when(platforms: [.linux], configuration: .release)),
        ]),
        // The wizard's question-efficiency benchmark: `swift run -c release ipsec-doctor-bench`.
        .target(name: "WizardBenchmark", dependencies: ["Facts", "RuleBase", "Engine", "Operator", "Wizard",
                                                        .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "ipsec-doctor-bench", dependencies: [
            "Facts", "RuleBase", "Engine", "Operator", "Wizard", "WizardBenchmark",
        ]),
        .testTarget(name: "WizardTests", dependencies: ["Wizard", "WizardBenchmark", "Operator", "Engine", "RuleBase", "Facts"]),
        .testTarget(name: "OperatorTests", dependencies: ["Operator", "RuleBase", "Facts"]),
        // Fuzzing (Tests/Fuzz/run.sh): the targets, and the libFuzzer program that drives them.
        .target(name: "FuzzTargets", dependencies: ["Facts", "Parsers", "Probes", "RuleBase", "Operator"]),
        .executableTarget(name: "ipsec-doctor-fuzz", dependencies: ["FuzzTargets"]),
        // Sources/<source>/<case>/ holds fixture folders read by SourceCaseTests, not code.
        .testTarget(name: "ParsersTests", dependencies: ["Parsers", "Facts"], exclude: ["Sources"]),
        .testTarget(name: "RuleBaseTests", dependencies: ["RuleBase", "Engine", "Facts"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "RuleBase", "Facts"]),
        .testTarget(name: "CLITests", dependencies: []),
        .testTarget(name: "CompareTests", dependencies: ["Compare", "Fleet", "Probes", "RuleBase", "Engine", "Facts"]),
        .testTarget(name: "ProbesTests", dependencies: ["Probes", "Parsers", "Facts"]),
        .testTarget(name: "TraceTests", dependencies: ["Trace", "Probes", "Parsers", "Facts"]),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets"]),
        // Real strongSwan gateways in network namespaces (Tests/Lab/lab.sh); needs root.
        .testTarget(name: "LabTests", dependencies: []),
    ]
)
