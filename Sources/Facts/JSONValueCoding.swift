/// `Codable` to and from `JSONValue`, keeping keys in the order they are encoded.
///
/// WHY: a source's typed record (a `Codable` struct, see Sources/Parsers/SourceRecord.swift)
/// prints as the same JSON its dictionary did: the synthesized `encode(to:)` encodes the stored
/// properties in declaration order and leaves nil optionals out (`encodeIfPresent`), which is
/// what the ordered dictionaries held. Foundation's `JSONEncoder` sorts or shuffles keys, so it
/// cannot give the `parse` command's JSON. The decoder reads such JSON back into the struct (the
/// reference parsers, used for non-ASCII text, still build JSON).
public enum JSONValueCoding {
    public static func encode<T: Encodable>(_ value: T) -> JSONValue {
        let node = EncodingNode()
        // Encoding our own records into this tree cannot fail: nothing in it throws.
        do { try value.encode(to: TreeEncoder(node: node, codingPath: [])) } catch { return .null }
        return node.value
    }

    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: TreeDecoder(value: value, codingPath: []))
    }
}

// MARK: - Encoding

final class EncodingNode {
    enum Shape { case empty, single(JSONValue), object([(String, EncodingNode)]), array([EncodingNode]) }
    var shape = Shape.empty

    var value: JSONValue {
        switch shape {
        case .empty: return .object([])
        case let .single(v): return v
        case let .object(pairs): return .object(pairs.map { ($0.0, $0.1.value) })
        case let .array(items): return .array(items.map(\.value))
        }
    }

    func appendPair(_ key: String, _ node: EncodingNode) {
        if case var .object(pairs) = shape {
            shape = .empty   // keep the array uniquely referenced while appending
            pairs.append((key, node))
            shape = .object(pairs)
        } else {
            shape = .object([(key, node)])
        }
    }

    func appendItem(_ node: EncodingNode) {
        if case var .array(items) = shape {
            shape = .empty
            items.append(node)
            shape = .array(items)
        } else {
            shape = .array([node])
        }
    }

    static func leaf(_ v: JSONValue) -> EncodingNode {
        let n = EncodingNode()
        n.shape = .single(v)
        return n
    }
}

struct TreeEncoder: Encoder {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.shape {} else { node.shape = .object([]) }
        return KeyedEncodingContainer(KeyedTreeEncoder<Key>(node: node, codingPath: codingPath))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.shape {} else { node.shape = .array([]) }
        return UnkeyedTreeEncoder(node: node, codingPath: codingPath)
    }
    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeEncoder(node: node, codingPath: codingPath)
    }

    /// The JSON of a leaf value, nil for a value that encodes itself (arrays, structs).
    static func leaf<T: Encodable>(_ value: T) -> JSONValue? {
        switch value {
        case let v as String: return .string(v)
        case let v as Int: return .number(Double(v))
        case let v as Double: return .number(v)
        case let v as Bool: return .bool(v)
        case let v as UInt64: return .number(Double(v))
        case let v as JSONValue: return v
        default: return nil
        }
    }

    static func node<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> EncodingNode {
        if let v = leaf(value) { return .leaf(v) }
        let child = EncodingNode()
        try value.encode(to: TreeEncoder(node: child, codingPath: codingPath))
        return child
    }
}

struct KeyedTreeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) { node.appendPair(key.stringValue, .leaf(.null)) }
    mutating func encode(_ value: String, forKey key: Key) { node.appendPair(key.stringValue, .leaf(.string(value))) }
    mutating func encode(_ value: Bool, forKey key: Key) { node.appendPair(key.stringValue, .leaf(.bool(value))) }
    mutating func encode(_ value: Int, forKey key: Key) { node.appendPair(key.stringValue, .leaf(.number(Double(value)))) }
    mutating func encode(_ value: Double, forKey key: Key) { node.appendPair(key.stringValue, .leaf(.number(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) { node.appendPair(key.stringValue, .leaf(.number(Double(value)))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.appendPair(key.stringValue, try TreeEncoder.node(for: value, codingPath: codingPath + [key]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        node.appendPair(key.stringValue, child)
        return TreeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        node.appendPair(key.stringValue, child)
        return TreeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingNode()
        node.appendPair(key.stringValue, child)
        return TreeEncoder(node: child, codingPath: codingPath + [key])
    }
}

struct UnkeyedTreeEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var count: Int { if case let .array(items) = node.shape { return items.count }; return 0 }

    mutating func encodeNil() { node.appendItem(.leaf(.null)) }
    mutating func encode(_ value: String) { node.appendItem(.leaf(.string(value))) }
    mutating func encode(_ value: Bool) { node.appendItem(.leaf(.bool(value))) }
    mutating func encode(_ value: Int) { node.appendItem(.leaf(.number(Double(value)))) }
    mutating func encode(_ value: Double) { node.appendItem(.leaf(.number(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.appendItem(try TreeEncoder.node(for: value, codingPath: codingPath))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        node.appendItem(child)
        return TreeEncoder(node: child, codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        node.appendItem(child)
        return TreeEncoder(node: child, codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        node.appendItem(child)
        return TreeEncoder(node: child, codingPath: codingPath)
    }
}

struct SingleTreeEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    mutating func encodeNil() { node.shape = .single(.null) }
    mutating func encode(_ value: String) { node.shape = .single(.string(value)) }
    mutating func encode(_ value: Bool) { node.shape = .single(.bool(value)) }
    mutating func encode(_ value: Int) { node.shape = .single(.number(Double(value))) }
    mutating func encode(_ value: Double) { node.shape = .single(.number(value)) }
    mutating func encode(_ value: UInt64) { node.shape = .single(.number(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let v = TreeEncoder.leaf(value) { node.shape = .single(v); return }
        try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
    }
}

// MARK: - Decoding

struct TreeDecoder: Decoder {
    let value: JSONValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .object(pairs) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedTreeDecoder<Key>(pairs: pairs, codingPath: codingPath))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .array(items) = value else { throw mismatch("an array") }
        return UnkeyedTreeDecoder(items: items, codingPath: codingPath)
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTreeDecoder(value: value, codingPath: codingPath) }

    func mismatch(_ expected: String) -> DecodingError {
        .typeMismatch(JSONValue.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.serialized())"))
    }
}

/// Leaf values of the records: strings, booleans and numbers (whole numbers saturate, as
/// reading a record's number as Int always has).
enum TreeLeaf {
    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
        func fail() -> DecodingError {
            .typeMismatch(type, .init(codingPath: path, debugDescription: "found \(value.serialized())"))
        }
        switch type {
        case is String.Type:
            guard case let .string(s) = value else { throw fail() }
            return s as! T
        case is Bool.Type:
            guard case let .bool(b) = value else { throw fail() }
            return b as! T
        case is Double.Type:
            guard case let .number(n) = value else { throw fail() }
            return n as! T
        case is Int.Type:
            guard case let .number(n) = value, !n.isNaN else { throw fail() }
            let i: Int = n >= 9_223_372_036_854_775_807.0 ? .max : n <= -9_223_372_036_854_775_808.0 ? .min : Int(n)
            return i as! T
        case is UInt64.Type:
            guard case let .number(n) = value, !n.isNaN else { throw fail() }
            let u: UInt64 = n >= 18_446_744_073_709_551_615.0 ? .max : n <= 0 ? 0 : UInt64(n)
            return u as! T
        case is JSONValue.Type:
            return value as! T
        default:
            return try T(from: TreeDecoder(value: value, codingPath: path))
        }
    }
}

struct KeyedTreeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [(String, JSONValue)]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.0) } }

    func lookup(_ key: Key) -> JSONValue? { pairs.first { $0.0 == key.stringValue }?.1 }
    func contains(_ key: Key) -> Bool { lookup(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { lookup(key).map { $0 == .null } ?? true }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let v = lookup(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no \(key.stringValue)"))
        }
        return try TreeLeaf.decode(type, v, codingPath + [key])
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { TreeDecoder(value: .object(pairs), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { TreeDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key]) }
}

struct UnkeyedTreeDecoder: UnkeyedDecodingContainer {
    let items: [JSONValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue], codingPath: [any CodingKey]) { self.items = items; self.codingPath = codingPath }

    mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "array ended"))
        }
        defer { currentIndex += 1 }
        return items[currentIndex]
    }
    mutating func decodeNil() throws -> Bool {
        if !isAtEnd, items[currentIndex] == .null { currentIndex += 1; return true }
        return false
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeLeaf.decode(type, try next(), codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: try next(), codingPath: codingPath).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: try next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder { TreeDecoder(value: try next(), codingPath: codingPath) }
}

struct SingleTreeDecoder: SingleValueDecodingContainer {
    let value: JSONValue
    var codingPath: [any CodingKey]
    func decodeNil() -> Bool { value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeLeaf.decode(type, value, codingPath) }
}
