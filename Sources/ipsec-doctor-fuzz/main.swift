// ipsec-doctor-fuzz: the fuzz targets of FuzzTargets as a program.
//
// Built for fuzzing by Tests/Fuzz/run.sh (`-sanitize=fuzzer,address -DFUZZING`): this main
// hands over to libFuzzer's driver (LLVMFuzzerRunDriver), which calls LLVMFuzzerTestOneInput
// (FuzzEntry.swift) with target $FUZZ_TARGET.
// Built normally: `ipsec-doctor-fuzz TARGET FILE...` runs the target once per file (replaying
// a crash without the sanitizers).
import Foundation
import FuzzTargets

#if FUZZING
FuzzEntry.runDriver()
#endif
let args = CommandLine.arguments.dropFirst()
guard let target = args.first, FuzzTargets.names.contains(target) else {
    FileHandle.standardError.write(Data("usage: ipsec-doctor-fuzz TARGET FILE...  (targets: \(FuzzTargets.names.joined(separator: ", ")))\n".utf8))
    exit(64)
}
for path in args.dropFirst() {
    guard let d = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("\(path): cannot read\n".utf8)); exit(66)
    }
    FuzzTargets.run(target, d)
    print("\(path): ok")
}
