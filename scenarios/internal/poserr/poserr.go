// Package poserr is the positioned error of parley's input readers,
// package scenarios (YAML scenario and sweep files, --set arguments) and
// package scenarios/genius (GENIUS XML and GeniusWeb JSON files): one
// mistake located at file:line:col, with the dotted path of the field it
// concerns; a list of them, so that every mistake is reported at once; the
// mapping from byte offsets to lines and columns; and the "did you mean"
// suggestions for misspelt names. Both packages export Error and ErrorList
// as aliases of the types here, so a caller's errors.As finds either
// package's errors with one target.
package poserr

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parley-sim/parley/scenarios/internal/textcheck"
)

// Error is one mistake, or one warning, in an input file or argument.
//
// Its text is "file:line:col: path: message". Line and Col count from 1,
// Col in characters; zero means unknown, and the part is left out (a YAML
// syntax error knows its line but not its column; a file too large has
// neither). Path is the dotted path of the offending field
// ("parties.armenia.discount"), empty when the mistake concerns no field.
type Error struct {
	// File names the input: the file name as given to the reader,
	// "builtin:NAME" for a built-in scenario, or "--set ARG" for a --set
	// argument.
	File string
	// Line is the 1-based line, or 0 if unknown.
	Line int
	// Col is the 1-based column in characters, or 0 if unknown.
	Col int
	// Path is the dotted path of the field, or "".
	Path string
	// Msg says what was expected and what was found.
	Msg string
	// Err is the underlying cause, if any: a sentinel such as
	// genius.ErrTooLarge or fs.ErrNotExist, or a decoder's error.
	Err error
}

// Error returns "file:line:col: path: message", leaving out unknown parts.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Location())
	if e.Path != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Path)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Location returns "file:line:col", leaving out unknown parts; the file
// as Name shows it.
func (e *Error) Location() string {
	s := Name(e.File)
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
		if e.Col > 0 {
			s += ":" + strconv.Itoa(e.Col)
		}
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every mistake found in one input, in the order the reader
// documents (by file, then by position). Readers return a non-empty
// ErrorList for any mistake in their input.
type ErrorList []*Error

// Error returns the errors one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors, so that errors.As and errors.Is look into
// them.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Lines maps byte offsets of one input to lines and columns.
type Lines struct {
	data   []byte
	starts []int // byte offset of the start of each line
}

// NewLines indexes the line starts of data.
func NewLines(data []byte) *Lines {
	l := &Lines{data: data, starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// Pos returns the 1-based line and column (in characters) of byte offset
// off, or zeros for an offset outside the input. An offset in the middle
// of a character counts the character as begun.
func (l *Lines) Pos(off int64) (line, col int) {
	if l == nil || off < 0 || off > int64(len(l.data)) {
		return 0, 0
	}
	o := int(off)
	i, found := slices.BinarySearch(l.starts, o)
	if !found {
		i--
	}
	return i + 1, utf8.RuneCount(l.data[l.starts[i]:o]) + 1
}

// Pos returns the 1-based line and column (in characters) of byte offset
// off of data, for a single lookup.
func Pos(data []byte, off int) (line, col int) {
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// Name returns a file name or path as a message shows it: as it is, or
// quoted with Go's escapes when it holds a control character, a line or
// paragraph separator or a bidirectional control (textcheck.Forbidden),
// which would otherwise reach the terminal as they are.
func Name(s string) string {
	if strings.ContainsFunc(s, textcheck.Forbidden) {
		return strconv.Quote(s)
	}
	return s
}

// ClipLength is the most characters of an input's text that a message
// quotes.
const ClipLength = 40

// Clip shortens s to its first ClipLength characters followed by "...",
// for quoting in a message: a message never echoes more of the input
// than that.
func Clip(s string) string { return ClipN(s, ClipLength) }

// ClipN shortens s to its first n characters followed by "...", when it is
// longer: for messages of decoders that may quote what they read.
func ClipN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	k := 0
	for i := range s {
		if k == n {
			return s[:i] + "..."
		}
		k++
	}
	return s
}

// maxCompare is the most characters of a word that suggestions compare;
// longer words are compared by their beginning only, which bounds the
// cost.
const maxCompare = 64

// Nearest returns the candidate at the smallest edit distance from word,
// ignoring case, if that distance is small enough to be a plausible typo:
// at most 2, and less than the length of the candidate. Ties go to the
// earliest candidate.
func Nearest(word string, candidates []string) (string, bool) {
	return NearestWithin(word, candidates, nil)
}

// NearestWithin is Nearest, charging each comparison (the cells of the
// edit-distance table) to *budget when budget is not nil; once the budget
// is spent it suggests nothing. A reader with thousands of misspelt keys
// against thousands of names stays fast that way.
func NearestWithin(word string, candidates []string, budget *int) (string, bool) {
	w := strings.ToLower(string(head(word)))
	wn := utf8.RuneCountInString(w)
	best, bestD := "", -1
	for _, c := range candidates {
		if budget != nil {
			if *budget <= 0 {
				return "", false
			}
			*budget -= wn * min(utf8.RuneCountInString(c), maxCompare)
		}
		d := EditDistance(w, strings.ToLower(c), 3)
		if d > 2 || d >= utf8.RuneCountInString(c) {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD >= 0
}

// Suggest returns ` (did you mean "x"?)` naming the candidate Nearest to
// word; otherwise, when there are at most 12 candidates,
// ` (expected one of a, b, c)`; otherwise "". budget is as for
// NearestWithin.
func Suggest(word string, candidates []string, budget *int) string {
	if best, ok := NearestWithin(word, candidates, budget); ok {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	if len(candidates) > 0 && len(candidates) <= 12 {
		return " (expected one of " + strings.Join(candidates, ", ") + ")"
	}
	return ""
}

// EditDistance returns the Levenshtein distance between a and b, counted
// in characters, or limit if it is at least limit. Words longer than 64
// characters are compared by their first 64 only.
func EditDistance(a, b string, limit int) int {
	ra, rb := head(a), head(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}

// head returns the first maxCompare characters of s, without converting
// the rest.
func head(s string) []rune {
	out := make([]rune, 0, min(len(s), maxCompare))
	for _, r := range s {
		if len(out) == maxCompare {
			break
		}
		out = append(out, r)
	}
	return out
}
