package chart

import (
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// maxLineRunes bounds the runes of one line of chart text that is
// measured or drawn: more than the widest chart holds at the smallest
// type size, so that no text that fits is changed, and few enough that
// measuring a hostile label (200,000 characters) costs next to nothing.
const maxLineRunes = 1000

// maxTickShare is the largest share of the width of its panel that the
// label of a category on a y axis may take: a longer label is shortened
// (or broken), so that the data keep most of the panel.
const maxTickShare = 0.5

// clipRunes returns s cut to its first n runes.
func clipRunes(s string, n int) string {
	if len(s) <= n { // n bytes hold at least n runes
		return s
	}
	k := 0
	for i := range s {
		if k == n {
			return s[:i]
		}
		k++
	}
	return s
}

// fitText shortens s with an ellipsis until it fits width w in style
// sty: the longest prefix that fits with the ellipsis, without the
// spaces, commas and middle dots it ends with. Only the first
// maxLineRunes runes of s count, and the prefix is found by bisection
// (the width of a prefix grows with its length), so that fitting takes
// O(log n) measurements rather than one per rune.
func fitText(sty interface{ Width(string) vg.Length }, s string, w vg.Length) string {
	clipped := clipRunes(s, maxLineRunes)
	if clipped == s && sty.Width(s) <= w {
		return s
	}
	r := []rune(clipped)
	// The longest prefix r[:k] that fits with "…", k < len(r) unless s
	// was clipped: lo fits (or is 0), hi does not (or is out of reach).
	lo, hi := 0, len(r)
	if clipped != s {
		hi++
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if sty.Width(string(r[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	if t := strings.TrimRight(string(r[:lo]), " ,·"); t != "" {
		return t + "…"
	}
	return "…"
}

// maxTextLines bounds the lines of one chart text that are measured or
// drawn.
const maxTextLines = 12

// safeText is the text handler of every chart text: text.Plain, after
// cleanText. Package scenarios refuses control characters and overlong
// labels at input; the charts clean their text again, so that text that
// reaches them by another way (a negotiation built by hand, tables read
// back from a folder) can neither make an SVG ill-formed nor cost
// unbounded time to measure.
type safeText struct{ text.Plain }

// Lines splits the cleaned text into lines.
func (h safeText) Lines(s string) []string { return h.Plain.Lines(cleanText(s)) }

// Box measures one cleaned line.
func (h safeText) Box(s string, f font.Font) (width, height, depth vg.Length) {
	return h.Plain.Box(cleanLine(s), f)
}

// Draw draws the cleaned text.
func (h safeText) Draw(c vg.Canvas, s string, sty text.Style, pt vg.Point) {
	h.Plain.Draw(c, cleanText(s), sty, pt)
}

// textHandler is the handler of the charts' text styles.
var textHandler text.Handler = safeText{text.Plain{Fonts: font.DefaultCache}}

// cleanText returns s with at most maxTextLines lines, each cleaned by
// cleanLine. It is idempotent, and returns s itself when s is clean.
func cleanText(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return cleanLine(s)
	}
	lines := strings.Split(s, "\n")
	if len(lines) > maxTextLines {
		lines = lines[:maxTextLines]
	}
	changed := len(lines) < strings.Count(s, "\n")+1
	for i, l := range lines {
		if c := cleanLine(l); c != l {
			lines[i], changed = c, true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(lines, "\n")
}

// cleanLine returns one line of chart text fit for SVG (XML 1.0) and
// cheap to measure: its first maxLineRunes runes, without the characters
// that package scenarios refuses in labels (C0 and C1 controls, DEL, the
// line and paragraph separators, the bidirectional controls) or that XML
// does not allow (U+FFFE, U+FFFF), and with each byte of invalid UTF-8
// replaced by U+FFFD. It returns s itself when s is clean.
func cleanLine(s string) string {
	n, clean := 0, true
	for _, r := range s { // invalid UTF-8 comes as RuneError
		if n++; n > maxLineRunes || r == utf8.RuneError || unwantedRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	n = 0
	for i := 0; i < len(s) && n < maxLineRunes; {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unwantedRune(r) {
			continue
		}
		b.WriteRune(r) // RuneError, for each invalid byte, included
		n++
	}
	return b.String()
}

// unwantedRune reports whether r is a character chart text leaves out.
func unwantedRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F: // C0, DEL, C1
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // bidirectional controls
		return true
	case r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return false
}

// maxSubtitleLines is the most lines a subtitle line wraps onto; only a
// text too long for them (no subtitle parley writes) is then shortened
// with an ellipsis on the last.
const maxSubtitleLines = 3

// wrapSubtitle breaks the subtitle s onto lines of width at most w in
// style sty rather than cutting it: between its " · " parts where it can,
// between words inside a part too long for a line, and inside a word too
// long for a line. At most maxSubtitleLines lines.
func wrapSubtitle(sty interface{ Width(string) vg.Length }, s string, w vg.Length) []string {
	s = clipRunes(s, maxLineRunes)
	if sty.Width(s) <= w {
		return []string{s}
	}
	var lines []string
	line, sep := "", ""
	put := func(piece, gap string) { // piece fits a line on its own
		if line != "" && sty.Width(line+gap+piece) <= w {
			line += gap + piece
			return
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = piece
	}
	for _, part := range strings.Split(s, " · ") {
		gap := sep
		sep = " · "
		if sty.Width(part) <= w { // a part is broken only if it must be
			put(part, gap)
			continue
		}
		for _, word := range strings.Fields(part) {
			for sty.Width(word) > w {
				k := fitPrefix(sty, word, w)
				put(word[:k], gap)
				word, gap = word[k:], ""
			}
			put(word, gap)
			gap = " "
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > maxSubtitleLines {
		lines = append(lines[:maxSubtitleLines-1], fitText(sty, strings.Join(lines[maxSubtitleLines-1:], " "), w))
	}
	return lines
}

// fitPrefix returns the length in bytes of the longest prefix of word,
// at least one rune, that fits width w in style sty, found by bisection
// over its runes.
func fitPrefix(sty interface{ Width(string) vg.Length }, word string, w vg.Length) int {
	var ends []int // byte offset after each rune
	for i := range word {
		if i > 0 {
			ends = append(ends, i)
		}
	}
	ends = append(ends, len(word))
	lo, hi := 0, len(ends) // the first lo runes fit, the first hi do not
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if sty.Width(word[:ends[mid-1]]) <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	return ends[max(lo, 1)-1]
}
