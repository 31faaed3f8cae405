// Package textcheck holds the limits on the free text of parley's inputs
// (labels, names, units, descriptions) and checks them, for package
// scenarios and for package scenarios/genius, which refuses at import, at
// the position in the GENIUS or GeniusWeb file, a name the scenario could
// not hold.
//
// Labels end up in charts (SVG), HTML reports and terminal transcripts:
// a control character there makes ill-formed XML or moves a terminal's
// cursor, and a label of thousands of characters costs every chart that
// fits it into a box. Both are refused where the text is read.
package textcheck

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Limits on free text, in characters (Unicode code points).
const (
	// MaxLabel is the longest label: of an issue, an option, a party, a
	// unit, a kind, a facilitator's name or a text parameter.
	MaxLabel = 200
	// MaxDescription is the longest description of a scenario or a sweep.
	MaxDescription = 4000
)

// Label returns what is wrong with s as a label of at most max characters
// on one line, as the end of a message that begins "expected <what>": ""
// when nothing is. what names the text ("a label").
func Label(s, what string, max int) string { return check(s, what, max, false) }

// Prose returns what is wrong with s as a text of at most max characters
// that may span lines (line feeds and tabs allowed), in the form of Label.
func Prose(s, what string, max int) string { return check(s, what, max, true) }

func check(s, what string, max int, prose bool) string {
	if len(s) > max { // bytes ≥ characters: count only when it may matter
		if n := utf8.RuneCountInString(s); n > max {
			return fmt.Sprintf("expected %s of at most %d characters, found %d", what, max, n)
		}
	}
	i := 0
	for _, r := range s {
		i++
		if prose && (r == '\n' || r == '\t') {
			continue
		}
		if Forbidden(r) {
			if prose {
				return fmt.Sprintf("expected %s without control characters (line feeds and tabs are allowed), found %U at character %d", what, r, i)
			}
			return fmt.Sprintf("expected %s on one line without control characters, found %U at character %d", what, r, i)
		}
	}
	return ""
}

// Forbidden reports whether r may not appear in a label: a control
// character (C0, DEL, C1), a line or paragraph separator, or one of the
// invisible controls of bidirectional text (embeddings, overrides and
// isolates), which reorder what is displayed around them.
func Forbidden(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
