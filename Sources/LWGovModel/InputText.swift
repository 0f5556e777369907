/// A value from the input as it may appear in a one-line message: control characters shown as
/// `\u{1B}`, and long values shortened, so input can never break or flood the error line.
public func quoted(_ value: String, limit: Int = 80) -> String {
    var out = ""
    var count = 0
    for scalar in value.unicodeScalars {
        if count == limit {
            out += "…(\(value.unicodeScalars.count) characters)"
            break
        }
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
            out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
        count += 1
    }
    return out
}

/// Where the first byte that is not valid UTF-8 is, as 1-based line and column; nil when the
/// data is valid UTF-8.
public func firstInvalidUTF8(in data: some Collection<UInt8>) -> (line: Int, column: Int)? {
    var line = 1, column = 1
    var iterator = data.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        case .emptyInput:
            return nil
        case .error:
            return (line, column)
        }
    }
}
