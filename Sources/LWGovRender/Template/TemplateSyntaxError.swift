/// A parse error in a template, with the line it is on.
struct TemplateSyntaxError: Error, CustomStringConvertible {
    var line: Int
    var problem: String
    var description: String { "line \(line): \(problem)" }
}
