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

/// Writes one XML document with libxml2's xmlTextWriter, in memory; `finish(checkedAgainst:)`
/// then has libxml2 read the written bytes back and validate them against the schema.
///
/// Text and attribute values pass through `XMLText.clean`, which drops what XML 1.0 cannot carry.
final class XMLBuilder {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    /// A written document, and the first schema problem found in it (nil when it is valid).
    struct Output {
        var data: Data
        var problem: String?
    }

    /// - Parameter expectedBytes: a size hint, so a large document is not copied each time its
    ///   buffer doubles.
    init(expectedBytes: Int = 4096) throws(RenderError) {
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
    }

    func attribute(_ name: String, _ value: String) {
        let value = XMLText.clean(value)
        Self.withXMLChars(name) { name in
            Self.withXMLChars(value) { value in _ = xmlTextWriterWriteAttribute(writer, name, value) }
        }
    }

    func text(_ value: String) {
        let value = XMLText.clean(value)
        Self.withXMLChars(value) { xmlTextWriterWriteString(writer, $0) }
    }

    /// The string's NUL-terminated UTF-8 as `xmlChar`s, in place. (Passing a `String` where C
    /// wants `unsigned char *` copies it into a new array each time.)
    @inline(__always)
    private static func withXMLChars<R>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        text.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    func end() {
        xmlTextWriterEndElement(writer)
    }

    /// An element with attributes and optional text.
    func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String? = nil) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        if let text { self.text(text) }
        end()
    }

    /// Ends the document: its bytes and, given a validator, the first problem libxml2 finds when
    /// it parses them back and validates them against the schema (nil for none).
    func finish(checkedAgainst validator: XMLSchemaValidator?) -> Output {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        guard let content = xmlBufferContent(buffer) else {
            return Output(data: Data(), problem: validator == nil ? nil : "the document is empty")
        }
        let bytes = UnsafeRawBufferPointer(start: content, count: Int(xmlBufferLength(buffer)))
        // Checked in place, before the copy, so memory holds the document once while it is read.
        let problem = validator?.problem(in: bytes)
        return Output(data: Data(bytes), problem: problem)
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
        guard let problem = data.withUnsafeBytes({ problem(in: $0) }) else { return nil }
        if problem == Self.notWellFormed { return "\(name): \(problem)" }
        return "\(name): does not validate against the report schema (\(problem))"
    }

    static let notWellFormed = "not well-formed XML"

    /// The first problem of a document (`line 12: Element …`), or nil when it is valid.
    ///
    /// libxml2 reads the bytes as a stream (xmlTextReader, as `xmllint --stream`) and validates
    /// them as it goes: the document is never built as a tree. The parser never goes to the
    /// network, loads no DTD and substitutes no entity. Validation contexts are per call and the
    /// parsed schema is only read, so several threads may validate at once.
    func problem(in bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count < Int(Int32.max) else { return "too large to validate" }
        guard let context = xmlSchemaNewValidCtxt(schema) else { return "cannot create a schema validator" }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = FirstError()
        guard let reader = xmlReaderForMemory(
            bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, "UTF-8",
            Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        ) else { return Self.notWellFormed }
        defer { xmlFreeTextReader(reader) }
        xmlTextReaderSetStructuredErrorHandler(reader, { _, _ in }, nil)
        guard xmlTextReaderSchemaValidateCtxt(reader, context, 0) == 0 else { return "cannot create a schema validator" }
        // After attaching: the reader installs its own handlers on the context.
        collector.attach(to: context)
        var status: Int32 = 1
        while status == 1 { status = xmlTextReaderRead(reader) }
        if status == 0, xmlTextReaderIsValid(reader) == 1 { return nil }
        return collector.first ?? Self.notWellFormed
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
