package scenarios

import (
	"slices"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/poserr"
)

// Error is one mistake in a scenario file, a sweep file or a --set
// argument, or one warning about them; package genius reports mistakes in
// GENIUS and GeniusWeb files with the same type.
//
// Its text is "file:line:col: path: message". Line and Col count from 1;
// zero means unknown, and the part is left out (a YAML syntax error knows
// its line but not always its column; a file too large has neither). For
// a mistake in a --set argument File is "--set path=value" and there is no
// line or column; for a built-in scenario File is "builtin:NAME". Path is
// the dotted path of the offending field ("parties.armenia.discount"),
// empty when the mistake concerns no field. Err, when set, is the cause
// (fs.ErrNotExist for a scenario that is neither a file nor a built-in).
type Error = poserr.Error

// ErrorList is every mistake found in one scenario or sweep, sorted: first
// those in the file by line and column, then those in --set arguments in
// argument order (for a sweep, the base scenario's own errors last).
// Parse, Load, ParseSweep and LoadSweep return a non-empty ErrorList for
// any mistake in their input. errors.As finds a *Error in it.
type ErrorList = poserr.ErrorList

// sortErrors orders l: file errors by position, then --set errors in the
// order of their arguments (argument i has setOrder[i]), stably within one
// argument.
func sortErrors(l ErrorList, setOrder map[string]int) {
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

// Nearest returns the candidate nearest to word by edit distance, ignoring
// case, if it is near enough to be a plausible typo: at most 2 edits, and
// fewer than the candidate has characters. Ties go to the earliest
// candidate. It is the rule behind every "did you mean" of parley's
// messages.
func Nearest(word string, candidates []string) (string, bool) {
	return poserr.Nearest(word, candidates)
}

// suggestBudget bounds the edit-distance work (cells of the dynamic
// programme) spent on suggestions for one scenario, so that thousands of
// misspelt keys against thousands of options stay fast.
const suggestBudget = 20_000_000
