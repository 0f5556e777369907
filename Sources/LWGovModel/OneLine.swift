/// Text from the directory (or the store) made fit for one line of a message a person reads: a
/// bot message, a terminal listing, a log line. Line breaks, tabs and other control
/// characters (C0, DEL, C1, U+2028/U+2029) become one space, as do the invisible
/// bidirectional overrides and isolates that could make a line read differently from what it
/// holds; runs of spaces collapse; the text is trimmed and shortened to `limit` characters
/// (the last one `…`). A group name therefore cannot add a line to a message.
public func oneLine(_ text: String, limit: Int = 80) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in text.unicodeScalars {
        if isLineBreaking(scalar) || scalar == " " {
            pendingSpace = !out.isEmpty
            continue
        }
        if pendingSpace {
            out.append(" ")
            pendingSpace = false
        }
        out.append(scalar)
    }
    let line = String(out)
    guard limit > 0, line.count > limit else { return line }
    return String(line.prefix(limit - 1)) + "…"
}

/// Characters `oneLine` replaces by a space.
private func isLineBreaking(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true  // C0 (CR, LF, TAB, ESC, …), DEL, C1 (NEL, …)
    case 0x2028, 0x2029: true  // line and paragraph separators
    case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidi marks, overrides, isolates
    default: false
    }
}
