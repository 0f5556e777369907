/// Rendering stopped because the page grew beyond `TemplateRenderer.Budget`: sections that
/// repeat lists inside each other can ask for more pages than any report has.
struct TemplateOverflow: Error {
    var template: String
    var limit: String
}
