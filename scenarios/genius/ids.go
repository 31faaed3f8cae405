package genius

import (
	"cmp"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// maxIDLength is parley's limit on ids and names, in bytes.
const maxIDLength = 64

// latinFold spells accented Latin letters without their accents, so that
// "Zürich" becomes the id "zurich".
var latinFold = func() map[rune]string {
	m := make(map[rune]string)
	for _, g := range []struct{ from, to string }{
		{"àáâãäåāăą", "a"}, {"çćĉċč", "c"}, {"ďđ", "d"}, {"èéêëēĕėęě", "e"}, {"ĝğġģ", "g"},
		{"ĥħ", "h"}, {"ìíîïĩīĭįı", "i"}, {"ĵ", "j"}, {"ķ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉ", "n"},
		{"òóôõöøōŏő", "o"}, {"ŕŗř", "r"}, {"śŝşš", "s"}, {"ţťŧ", "t"}, {"ùúûüũūŭůűų", "u"},
		{"ŵ", "w"}, {"ýÿŷ", "y"}, {"źżž", "z"}, {"ß", "ss"}, {"æ", "ae"}, {"œ", "oe"}, {"þ", "th"}, {"ð", "d"},
	} {
		for _, r := range g.from {
			m[r] = g.to
		}
	}
	return m
}()

// slug turns s into an id of lowercase ASCII letters and digits: letters
// are lowercased (accented Latin letters lose their accents), every run of
// other characters becomes sep, and sep is trimmed from both ends. The result is at most maxIDLength bytes and may
// be empty.
func slug(s string, sep byte) string {
	var b strings.Builder
	pending := false
	for _, r := range s {
		if f, ok := latinFold[unicode.ToLower(r)]; ok {
			if pending && b.Len() > 0 {
				b.WriteByte(sep)
			}
			pending = false
			b.WriteString(f)
			continue
		}
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
			fallthrough
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if pending && b.Len() > 0 {
				b.WriteByte(sep)
			}
			pending = false
			b.WriteRune(r)
		default:
			pending = true
		}
	}
	out := b.String()
	if len(out) > maxIDLength {
		out = strings.TrimRight(out[:maxIDLength], string(sep))
	}
	return out
}

// uniqueIDs returns one id per name: slug(name, sep), or fallback(i) when
// that is empty; a repeated id gets the suffix sep+"2", sep+"3", … (the id
// shortened to keep within maxIDLength).
func uniqueIDs(names []string, sep byte, fallback func(i int) string) []string {
	out := make([]string, len(names))
	used := make(map[string]bool, len(names))
	for i, n := range names {
		id := cmp.Or(slug(n, sep), fallback(i))
		base := id
		for k := 2; used[id]; k++ {
			suffix := string(sep) + strconv.Itoa(k)
			b := base
			if len(b)+len(suffix) > maxIDLength {
				b = b[:maxIDLength-len(suffix)]
			}
			id = b + suffix
		}
		used[id] = true
		out[i] = id
	}
	return out
}

// baseName returns the file name of path without its directory and
// extension.
func baseName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}
