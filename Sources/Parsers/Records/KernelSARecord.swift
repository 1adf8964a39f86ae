import Facts

/// An SA of a kernel's SA database, whichever tool dumped it: `ip xfrm state` (XfrmStateRecord),
/// PF_KEY's `setkey -D` (PFKeySARecord), OpenBSD's `ipsecctl -sa` (IpsecctlSaRecord, its `sa`
/// entries) and illumos `ipseckey dump` (IpseckeyDumpRecord). trace and compare read all of them
/// through one reading; the dumps name the same things alike (`src`/`dst`, or ipsecctl's
/// `from`/`to`; `spi`; `proto`...), so the reading asks each record for a field by that name.
///
/// WHY a name enum rather than four readers: the reading is one piece of code for four record
/// types with four key enums. `KernelSAField` lists the names it may ask for (checked by the
/// compiler at every call); a record that has no field of that name answers nil, as a JSON object
/// without the key did.
public protocol KernelSARecord: SourceRecord {
    /// The field the dumps call `name`, as the record holds it; nil when it has none.
    func saField(_ name: KernelSAField) -> FieldValue?
}

/// The field names the kernel-SA reading of trace and compare asks for.
public enum KernelSAField: String, Sendable {
    case kind, src, dst, from, to, spi, reqid, proto, mode, state, enc, auth, udpencap
    case dstPort = "dst_port"
}

extension KernelSARecord where Self: OrderedFieldRecord {
    public func saField(_ name: KernelSAField) -> FieldValue? { fields[named: name.rawValue] }
}

extension KernelSARecord {
    /// The field when it holds text (`JSONValue.stringValue`).
    public func saString(_ name: KernelSAField) -> String? {
        if case let .string(s)? = saField(name) { return s }
        return nil
    }
    /// The field when it holds a number (`JSONValue.numberValue`).
    public func saNumber(_ name: KernelSAField) -> Double? {
        if case let .number(n)? = saField(name) { return n }
        return nil
    }
}

extension XfrmStateRecord: KernelSARecord {}
extension PFKeySARecord: KernelSARecord {}
extension IpsecctlSaRecord: KernelSARecord {}
extension IpseckeyDumpRecord: KernelSARecord {}
