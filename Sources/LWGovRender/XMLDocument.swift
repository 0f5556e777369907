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

/// Writes one XML document with libxml2's xmlTextWriter, in memory.
///
/// Text and attribute values pass through `XMLText.clean`, which drops what XML 1.0 cannot carry.
final class XMLBuilder {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    /// - Parameter expectedBytes: a size hint, so a large document is not copied each time
    ///   its buffer doubles.
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

    func start(_ name: String, namespace: String? = nil) {
        if let namespace {
            xmlTextWriterStartElementNS(writer, nil, name, namespace)
        } else {
            xmlTextWriterStartElement(writer, name)
        }
    }

    func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, XMLText.clean(value))
    }

    func text(_ value: String) {
        xmlTextWriterWriteString(writer, XMLText.clean(value))
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

    /// Ends the document and returns its bytes.
    func finish() -> Data {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
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
public final class XMLSchemaValidator: @unchecked Sendable {
    private let schema: xmlSchemaPtr

    /// - Throws: `RenderError` when the schema file cannot be read or is not a valid XSD.
    public init(path: String) throws(RenderError) {
        // Initialise libxml2's globals once, before documents are written on several threads.
        xmlInitParser()
        guard let parser = xmlSchemaNewParserCtxt(path) else {
            throw RenderError(.invalidXML, "\(path): cannot read the XML schema")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
        guard let schema = xmlSchemaParse(parser) else {
            throw RenderError(.invalidXML, "\(path): not a valid XML schema")
        }
        self.schema = schema
    }

    deinit { xmlSchemaFree(schema) }

    /// The first problem found, or nil when the document is valid.
    public func problem(in data: Data, name: String) -> String? {
        guard data.count < Int(Int32.max) else { return "\(name): too large to validate" }
        // Validation contexts are per call; the parsed schema is only read, so several threads may
        // validate at once.
        guard let context = xmlSchemaNewValidCtxt(schema) else { return "\(name): cannot create a schema validator" }
        defer { xmlSchemaFreeValidCtxt(context) }
        final class Collector { var first: String? }
        let collector = Collector()
        let box = Unmanaged.passUnretained(collector).toOpaque()
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
            xmlSchemaSetValidStructuredErrors(context, { userData, error in
                guard let userData, let error else { return }
                let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
                if collector.first == nil {
                    let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "invalid"
                    collector.first = "line \(error.pointee.line): \(message)"
                }
            }, box)
            var status: Int32 = 1
            while status == 1 { status = xmlTextReaderRead(reader) }
            return status == 0 && xmlTextReaderIsValid(reader) == 1
        }
        if valid { return nil }
        if collector.first == nil { return "\(name): not well-formed XML" }
        return "\(name): does not validate against the report schema (\(collector.first ?? "invalid"))"
    }
}
