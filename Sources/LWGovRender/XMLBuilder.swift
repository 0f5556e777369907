import CLibXML2
import Foundation
import LWGovModel

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
    @inline(__always) @discardableResult
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
