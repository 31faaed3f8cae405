package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is one mistake in a scenario file or in a --set argument.
//
// Its text is "file:line:col: path: message". Line and Col count from 1;
// zero means unknown, and the part is left out (a YAML syntax error knows
// its line but not its column; a file too large has neither). For a mistake
// in a --set argument File is "--set path=value" and there is no line or
// column. Path is the dotted path of the offending field
// ("parties.armenia.discount"), empty when the mistake concerns no field.
type Error struct {
	// File is the file name as given to Load or Parse, "builtin:NAME" for a
	// built-in scenario, or "--set ARG" for a --set argument.
	File string
	// Line is the 1-based line, or 0 if unknown.
	Line int
	// Col is the 1-based column in characters, or 0 if unknown.
	Col int
	// Path is the dotted path of the field, or "".
	Path string
	// Msg says what was expected and what was found.
	Msg string
}

// Error returns "file:line:col: path: message", leaving out unknown parts.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Col))
		}
	}
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

// ErrorList is every mistake found in one scenario, sorted: first those in
// the file by line and column, then those in --set arguments in argument
// order. Parse and Load return a non-empty ErrorList for any mistake in
// their input.
type ErrorList []*Error

// Error returns the errors one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors, so that errors.As finds a *Error in a list.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sort orders the list: file errors by position, then --set errors in the
// order of their arguments (argument i has setOrder[i]), stably within one
// argument.
func (l ErrorList) sort(setOrder map[string]int) {
	isSet := func(e *Error) bool { return e.Line == 0 && strings.HasPrefix(e.File, setPrefix) }
	slices.SortStableFunc(l, func(a, b *Error) int {
		as, bs := isSet(a), isSet(b)
		switch {
		case as != bs:
			if as {
				return 1
			}
			return -1
		case as:
			return setOrder[strings.TrimPrefix(a.File, setPrefix)] - setOrder[strings.TrimPrefix(b.File, setPrefix)]
		case a.Line != b.Line:
			return a.Line - b.Line
		default:
			return a.Col - b.Col
		}
	})
}

// setPrefix starts the File of an error located in a --set argument.
const setPrefix = "--set "

// suggest returns ` (did you mean "x"?)` naming the candidate nearest to
// word, when one is near enough to be a plausible typo; otherwise, when
// there are few candidates, ` (expected one of a, b, c)`; otherwise "".
func suggest(word string, candidates []string) string {
	return suggestWithin(word, candidates, nil)
}

// suggestWithin is suggest charged to a budget of edit-distance work (see
// nearestWithin).
func suggestWithin(word string, candidates []string, budget *int) string {
	if best, ok := nearestWithin(word, candidates, budget); ok {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	if len(candidates) > 0 && len(candidates) <= 12 {
		return " (expected one of " + strings.Join(candidates, ", ") + ")"
	}
	return ""
}

// nearest returns the candidate at the smallest edit distance from word,
// ignoring case, if that distance is small: at most 2, and less than the
// length of the candidate. Ties go to the earliest candidate.
func nearest(word string, candidates []string) (string, bool) {
	return nearestWithin(word, candidates, nil)
}

// suggestBudget bounds the edit-distance work (cells of the dynamic
// programme) spent on suggestions for one scenario, so that thousands of
// misspelt keys against thousands of options stay fast.
const suggestBudget = 20_000_000

// nearestWithin is nearest, charging each comparison to *budget when
// budget is not nil; once the budget is spent it suggests nothing.
func nearestWithin(word string, candidates []string, budget *int) (string, bool) {
	w := strings.ToLower(word)
	wn := min(utf8.RuneCountInString(w), 64)
	best, bestD := "", -1
	for _, c := range candidates {
		if budget != nil {
			if *budget <= 0 {
				return "", false
			}
			*budget -= wn * min(utf8.RuneCountInString(c), 64)
		}
		d := editDistance(w, strings.ToLower(c), 3)
		if d > 2 || d >= utf8.RuneCountInString(c) {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD >= 0
}

// editDistance returns the Levenshtein distance between a and b, counted in
// runes, or limit if it is at least limit. Inputs longer than 64 runes are
// compared by their first 64 only, which keeps the cost bounded.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 {
		ra = ra[:64]
	}
	if len(rb) > 64 {
		rb = rb[:64]
	}
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
