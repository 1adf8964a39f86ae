#if FUZZING
import Foundation
import FuzzTargets

/// The target libFuzzer drives, named by $FUZZ_TARGET (a static, so it is set before the first
/// input: main.swift's globals are never initialised under libFuzzer's main).
enum FuzzEntry {
    static let target: String = {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard FuzzTargets.names.contains(name) else {
            FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(FuzzTargets.names.joined(separator: ", "))\n".utf8))
            exit(64)
        }
        return name
    }()
}

extension FuzzEntry {
    typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    typealias Driver = @convention(c) (UnsafeMutablePointer<CInt>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                       Callback) -> CInt

    /// SwiftPM makes this program's main the entry point, so libFuzzer's own main never runs:
    /// its driver (LLVMFuzzerRunDriver, compiler-rt FuzzerInterface.h) is looked up and called
    /// with C's calling convention.
    static func runDriver() -> Never {
        _ = target
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
            FileHandle.standardError.write(Data("LLVMFuzzerRunDriver not linked: build with -sanitize=fuzzer\n".utf8))
            exit(70)
        }
        let driver = unsafeBitCast(sym, to: Driver.self)
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(driver(&argc, &argv, { data, size in fuzzOneInput(data, size) }))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.run(FuzzEntry.target, size == 0 || data == nil ? Data() : Data(bytes: data!, count: size))
    return 0
}
#endif
