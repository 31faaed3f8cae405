package report

import "unicode/utf8"

// replaceControls returns the page b with every control character but
// tab, newline and carriage return replaced: a C0 control (U+0000 to
// U+001F) by its symbol in Unicode's Control Pictures (U+2400 to U+241F,
// so that ESC shows as ␛), DEL by ␡ (U+2421) and a C1 control (U+0080 to
// U+009F) by U+FFFD. HTML forbids them, escaped or not, and a terminal
// showing the page's source would obey them. The template holds none, so
// each one comes from the folder's text (a label, a cell, a transcript),
// which parley's input refuses them in: this is defence in depth. Bytes
// below 0x80 never occur inside a multi-byte UTF-8 sequence, and a C1
// control is the whole sequence 0xC2 0x80–0x9F, so the text around a
// replaced character is unchanged. b is returned as it is when it holds
// none.
func replaceControls(b []byte) []byte {
	clean := true
	for i, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ||
			(c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f) {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			out = append(out, c)
		case c < 0x20:
			out = utf8.AppendRune(out, 0x2400+rune(c))
		case c == 0x7f:
			out = utf8.AppendRune(out, 0x2421)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = utf8.AppendRune(out, utf8.RuneError)
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}
