import CLibXML2
import Foundation
import LWGovModel

/// An error from rendering: the message names the file or the schema problem.
public struct RenderError: LocalizedError, ClassifiedError, Sendable {
    public enum Kind: Sendable { case invalidXML, cannotWrite, template }
    public let reason: Kind
    public let message: String

    public init(_ reason: Kind, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// An invalid document or an unwritable folder means no report (73); a broken template
    /// is the DX team's configuration (78).
    public var kind: FailureKind { reason == .template ? .configuration : .cannotWrite }

    public var errorDescription: String? { message }
}

/// Writes one XML document with libxml2's xmlTextWriter, in memory, and, given a validator,
/// validates it against the schema as it is written (see `SchemaEvents`).
///
/// Text and attribute values pass through `XMLText.clean`, which drops what XML 1.0 cannot carry.
final class XMLBuilder {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private let events: SchemaEvents?
    private let eventsMissing: Bool

    /// A written document, and the first schema problem found in it (nil when it is valid).
    struct Output {
        var data: Data
        var problem: String?
    }

    /// - Parameters:
    ///   - expectedBytes: a size hint, so a large document is not copied each time its buffer doubles.
    ///   - validator: the schema the document is checked against while it is written; nil for none.
    init(expectedBytes: Int = 4096, validator: XMLSchemaValidator? = nil) throws(RenderError) {
        events = validator.flatMap(SchemaEvents.init)
        eventsMissing = validator != nil && events == nil
        let size = Int32(clamping: max(expectedBytes, 4096))
        guard let buffer = xmlBufferCreateSize(Int(size)) else { throw RenderError(.cannotWrite, "libxml2: cannot allocate a buffer") }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw RenderError(.cannotWrite, "libxml2: cannot create a writer")
        }
        self.buffer = buffer
        self.writer = writer
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// Opens an element. `namespace`, given to the root, is the default namespace of the document.
    func start(_ name: String, namespace: String? = nil) {
        if let namespace {
            xmlTextWriterStartElementNS(writer, nil, name, namespace)
        } else {
            Self.withXMLChars(name) { xmlTextWriterStartElement(writer, $0) }
        }
        events?.start(name, namespace: namespace)
    }

    func attribute(_ name: String, _ value: String) {
        let value = XMLText.clean(value)
        Self.withXMLChars(name) { name in
            Self.withXMLChars(value) { value in _ = xmlTextWriterWriteAttribute(writer, name, value) }
        }
        events?.attribute(name, value)
    }

    func text(_ value: String) {
        let value = XMLText.clean(value)
        Self.withXMLChars(value) { xmlTextWriterWriteString(writer, $0) }
        events?.text(value)
    }

    /// The string's NUL-terminated UTF-8 as `xmlChar`s, in place. (Passing a `String` where C
    /// wants `unsigned char *` copies it into a new array each time.)
    @inline(__always)
    private static func withXMLChars<R>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        text.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    func end() {
        xmlTextWriterEndElement(writer)
        events?.end()
    }

    /// An element with attributes and optional text.
    func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String? = nil) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        if let text { self.text(text) }
        end()
    }

    /// Ends the document: its bytes, and what the validator found.
    func finish() -> Output {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        let problem = eventsMissing ? "cannot create a schema validator" : events?.finish()
        guard let content = xmlBufferContent(buffer) else { return Output(data: Data(), problem: problem) }
        return Output(data: Data(bytes: content, count: Int(xmlBufferLength(buffer))), problem: problem)
    }
}

/// Text cleaning for XML 1.0.
public enum XMLText {
    /// Removes characters XML 1.0 cannot carry: controls other than tab, LF and CR, the
    /// surrogate range and U+FFFE/U+FFFF.
    public static func clean(_ text: String) -> String {
        guard needsCleaning(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where allowed(scalar) { out.append(scalar) }
        return String(out)
    }

    /// Whether the text holds a character XML 1.0 cannot carry, decided on its UTF-8 bytes:
    /// a C0 control other than tab, LF and CR, or U+FFFE/U+FFFF (EF BF BE / EF BF BF).
    /// Surrogates cannot occur in a Swift string.
    static func needsCleaning(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x20 {
                    if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
                } else if byte == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE {
                    return true
                }
                i += 1
            }
            return false
        }
    }

    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}

/// An XSD loaded once and used to validate every document before it is published.
///
/// The schema may come from `output.templates_dir`, so it is read as data and must be
/// self-contained: it is parsed without network access, without loading or substituting any
/// entity, and refused when it has a DOCTYPE or an `xs:include`, `xs:import`, `xs:redefine` or
/// `xs:override` (each would make libxml2 read another file or URL). Messages name the file and
/// line, never what libxml2 read.
public final class XMLSchemaValidator: @unchecked Sendable {
    fileprivate let schema: xmlSchemaPtr
    /// The parsed schema document; the schema points into it, so it lives as long.
    private let document: xmlDocPtr

    /// - Throws: `RenderError` (.template) when the schema file cannot be read, is not
    ///   self-contained, or is not a valid XSD.
    public init(path: String) throws(RenderError) {
        // Initialise libxml2's globals once, before documents are written on several threads.
        xmlInitParser()
        let text = try TemplateSet.readText(path)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = text.withCString { bytes in
            xmlReadMemory(bytes, Int32(clamping: strlen(bytes)), path, "UTF-8", options)
        }
        guard let document = parsed else {
            throw RenderError(.template, "\(path): the XML schema is not well-formed XML")
        }
        if let problem = Self.externalReference(in: document) {
            xmlFreeDoc(document)
            throw RenderError(.template, "\(path): \(problem); the report schema must be self-contained")
        }
        guard let parser = xmlSchemaNewDocParserCtxt(document) else {
            xmlFreeDoc(document)
            throw RenderError(.template, "\(path): cannot read the XML schema")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
        guard let schema = xmlSchemaParse(parser) else {
            xmlFreeDoc(document)
            throw RenderError(.template, "\(path): not a valid XML schema")
        }
        self.schema = schema
        self.document = document
    }

    /// What would make the schema reach outside itself: a DOCTYPE (entities), or an include,
    /// import, redefine or override element, with its line.
    private static func externalReference(in document: xmlDocPtr) -> String? {
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            return "it has a DOCTYPE (entities are not allowed)"
        }
        let xsd = "http://www.w3.org/2001/XMLSchema"
        var pending: [xmlNodePtr] = xmlDocGetRootElement(document).map { [$0] } ?? []
        while let node = pending.popLast() {
            if node.pointee.type == XML_ENTITY_REF_NODE { return "line \(xmlGetLineNo(node)): it refers to an entity" }
            if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name {
                let local = String(cString: name)
                let namespace = node.pointee.ns?.pointee.href.map { String(cString: $0) }
                if namespace == xsd, ["include", "import", "redefine", "override"].contains(local) {
                    return "line \(xmlGetLineNo(node)): xs:\(local) is not allowed"
                }
            }
            var child = node.pointee.children
            while let next = child {
                pending.append(next)
                child = next.pointee.next
            }
        }
        return nil
    }

    deinit {
        xmlSchemaFree(schema)
        xmlFreeDoc(document)
    }

    /// The first problem found, or nil when the document is valid.
    public func problem(in data: Data, name: String) -> String? {
        guard data.count < Int(Int32.max) else { return "\(name): too large to validate" }
        // Validation contexts are per call; the parsed schema is only read, so several threads may
        // validate at once.
        guard let context = xmlSchemaNewValidCtxt(schema) else { return "\(name): cannot create a schema validator" }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = FirstError()
        // Read as a stream (xmlTextReader, as `xmllint --stream`): the document is never built as a tree.
        let valid: Bool = data.withUnsafeBytes { raw in
            guard let reader = xmlReaderForMemory(
                raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), name, "UTF-8",
                Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
            ) else { return false }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, { _, _ in }, nil)
            guard xmlTextReaderSchemaValidateCtxt(reader, context, 0) == 0 else { return false }
            // After attaching: the reader installs its own handlers on the context.
            collector.attach(to: context)
            var status: Int32 = 1
            while status == 1 { status = xmlTextReaderRead(reader) }
            return status == 0 && xmlTextReaderIsValid(reader) == 1
        }
        if valid { return nil }
        if collector.first == nil { return "\(name): not well-formed XML" }
        return "\(name): does not validate against the report schema (\(collector.first ?? "invalid"))"
    }
}

/// Keeps the first error a schema validation reports.
private final class FirstError {
    var first: String?

    /// Installs the collector on `context`; it must outlive the validation.
    func attach(to context: xmlSchemaValidCtxtPtr) {
        xmlSchemaSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<FirstError>.fromOpaque(userData).takeUnretainedValue()
            guard collector.first == nil else { return }
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "invalid"
            collector.first = error.pointee.line > 0 ? "line \(error.pointee.line): \(message)" : message
        }, Unmanaged.passUnretained(self).toOpaque())
    }
}

/// Validates a document against the schema from the events of its writing: each start tag with
/// its attributes, each text, each end tag, handed to libxml2's streaming validator through its
/// SAX plug exactly as its parser hands them over when it reads the written text. The checks are
/// those of `XMLSchemaValidator.problem(in:name:)`, without parsing the text again.
///
/// Well-formedness is the writer's: it escapes every value and closes every element. The
/// default namespace is handed over as each element's namespace, not as a declaration: the
/// schema has no QName-typed values that would resolve prefixes through declarations.
///
/// The mutable state is private and touched only by this class's own methods, one at a time, on
/// one thread; with some two million events per L render, the dynamic exclusivity checks Swift
/// would add to every access are switched off for it (`@exclusivity(unchecked)`).
final class SchemaEvents {
    private let context: xmlSchemaValidCtxtPtr
    @exclusivity(unchecked) private var plug: xmlSchemaSAXPlugPtr?
    private let handler: xmlSAXHandlerPtr
    private let userData: UnsafeMutableRawPointer?
    /// The validator keeps pointers to element and attribute names, so they are interned here,
    /// for the document's lifetime.
    private let names: OpaquePointer
    private let errors = FirstError()
    /// The document's namespace: the one given to the root.
    @exclusivity(unchecked) private var namespace: UnsafePointer<xmlChar>?
    @exclusivity(unchecked) private var open: [UnsafePointer<xmlChar>] = []
    /// A start tag not reported yet, because attributes may still follow.
    @exclusivity(unchecked) private var pending: UnsafePointer<xmlChar>?
    @exclusivity(unchecked) private var attributeNames: [UnsafePointer<xmlChar>] = []
    /// Attribute values, one after the other, and where each one ends.
    @exclusivity(unchecked) private var attributeBytes: [UInt8] = []
    @exclusivity(unchecked) private var attributeEnds: [Int] = []
    @exclusivity(unchecked) private var slots: [UnsafePointer<xmlChar>?] = []
    @exclusivity(unchecked) private var elements = 0
    @exclusivity(unchecked) private var location: String?

    init?(_ validator: XMLSchemaValidator) {
        guard let context = xmlSchemaNewValidCtxt(validator.schema) else { return nil }
        guard let names = xmlDictCreate() else {
            xmlSchemaFreeValidCtxt(context)
            return nil
        }
        self.context = context
        self.names = names
        errors.attach(to: context)
        // No handler of our own: the plug's handlers are the validator's, called with its data.
        var handler: xmlSAXHandlerPtr?
        var userData: UnsafeMutableRawPointer?
        guard let plug = xmlSchemaSAXPlug(context, &handler, &userData), let handler,
              handler.pointee.startElementNs != nil, handler.pointee.endElementNs != nil, handler.pointee.characters != nil
        else {
            xmlSchemaFreeValidCtxt(context)
            xmlDictFree(names)
            return nil
        }
        self.plug = plug
        self.handler = handler
        self.userData = userData
    }

    deinit {
        if let plug { xmlSchemaSAXUnplug(plug) }
        xmlSchemaFreeValidCtxt(context)
        xmlDictFree(names)
    }

    private func intern(_ text: String) -> UnsafePointer<xmlChar> {
        text.withCString { xmlDictLookup(names, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self), -1) }
    }

    func start(_ name: String, namespace: String?) {
        reportStart()
        if let namespace { self.namespace = intern(namespace) }
        pending = intern(name)
    }

    func attribute(_ name: String, _ value: String) {
        attributeNames.append(intern(name))
        // libxml2's parser hands every `&` of an attribute value over as `&#38;`, and the validator
        // turns it back; the same is done here, so a value reaches the checks unchanged.
        if value.utf8.contains(UInt8(ascii: "&")) {
            for byte in value.utf8 {
                if byte == UInt8(ascii: "&") { attributeBytes.append(contentsOf: "&#38;".utf8) } else { attributeBytes.append(byte) }
            }
        } else {
            attributeBytes.append(contentsOf: value.utf8)
        }
        attributeEnds.append(attributeBytes.count)
    }

    func text(_ value: String) {
        reportStart()
        var value = value
        value.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count < Int(Int32.max) else { return }
            handler.pointee.characters?(userData, base, Int32(bytes.count))
        }
        noteLocation()
    }

    func end() {
        reportStart()
        guard let name = open.popLast() else { return }
        handler.pointee.endElementNs?(userData, name, nil, namespace)
        noteLocation()
    }

    /// Ends the document: nil when it is valid, otherwise the first problem and where it is.
    func finish() -> String? {
        reportStart()
        if let plug {
            xmlSchemaSAXUnplug(plug)
            self.plug = nil
        }
        if errors.first == nil, open.isEmpty, elements > 0, xmlSchemaIsValid(context) == 1 { return nil }
        if !open.isEmpty || elements == 0 { return "internal: the document is not complete" }
        return [errors.first ?? "invalid", location].compactMap { $0 }.joined(separator: " ")
    }

    /// Reports the pending start tag with its attributes.
    private func reportStart() {
        guard let name = pending else { return }
        pending = nil
        elements += 1
        attributeBytes.withUnsafeBufferPointer { bytes in
            slots.removeAll(keepingCapacity: true)
            var start = 0
            for (i, end) in attributeEnds.enumerated() {
                // localname, prefix, URI, value start, value end
                slots.append(attributeNames[i])
                slots.append(nil)
                slots.append(nil)
                slots.append(bytes.baseAddress.map { UnsafePointer($0 + start) })
                slots.append(bytes.baseAddress.map { UnsafePointer($0 + end) })
                start = end
            }
            slots.withUnsafeMutableBufferPointer { attributes in
                handler.pointee.startElementNs?(
                    userData, name, nil, namespace, 0, nil, Int32(attributeEnds.count), 0, attributes.baseAddress
                )
            }
        }
        open.append(name)
        attributeNames.removeAll(keepingCapacity: true)
        attributeBytes.removeAll(keepingCapacity: true)
        attributeEnds.removeAll(keepingCapacity: true)
        noteLocation()
    }

    /// Where the first error was found: the open elements and the element's number in the document.
    private func noteLocation() {
        guard location == nil, errors.first != nil else { return }
        let path = open.map { String(cString: $0) }.joined(separator: "/")
        location = "(at /\(path), element \(elements))"
    }
}
