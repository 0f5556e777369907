import CLibXML2
import Foundation
import LWGovModel

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

    /// - Throws: `RenderError` (.configuration) when the schema file cannot be read, is not
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
            throw RenderError(.configuration, "\(path): the XML schema is not well-formed XML")
        }
        if let problem = Self.externalReference(in: document) {
            xmlFreeDoc(document)
            throw RenderError(.configuration, "\(path): \(problem); the report schema must be self-contained")
        }
        guard let parser = xmlSchemaNewDocParserCtxt(document) else {
            xmlFreeDoc(document)
            throw RenderError(.configuration, "\(path): cannot read the XML schema")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
        guard let schema = xmlSchemaParse(parser) else {
            xmlFreeDoc(document)
            throw RenderError(.configuration, "\(path): not a valid XML schema")
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
