package genius

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"github.com/parley-sim/parley/scenarios/internal/textcheck"
)

// Sentinel errors. Errors returned by this package wrap them where they
// apply, so callers can branch with errors.Is.
var (
	// ErrTooLarge reports an input beyond one of the package's limits: file
	// size, elements, nesting, issues, values or outcomes.
	ErrTooLarge = errors.New("too large")
	// ErrUnsupported reports a well-formed file of a kind parley does not
	// import, such as a non-linear GENIUS profile or a GeniusWeb profile
	// class other than LinearAdditiveUtilitySpace.
	ErrUnsupported = errors.New("unsupported")
)

// Error is one mistake, or one warning, about an input file or an
// option: the type package scenarios reports its mistakes with.
//
// Its text is "file:line:col: message". Line and Col count from 1, Col in
// characters; zero means unknown and the part is left out; Path is empty.
// Err is the cause where there is one: ErrTooLarge, ErrUnsupported,
// fs.ErrNotExist for a path that does not exist, or a decoder's error.
type Error = poserr.Error

// ErrorList is every mistake found in one import, in the order of the files
// and, within a file, by position. Import and the readers return a
// non-empty ErrorList, or a single *Error, for any mistake in their input
// (files, paths or options); other errors are failures to read, such as a
// permission denied, and are returned wrapped as they come.
type ErrorList = poserr.ErrorList

// MaxErrors is the largest number of errors reported for one import; a last
// error counts the others.
const MaxErrors = 100

// posMap turns byte offsets of one file into lines and columns.
type posMap struct {
	name  string
	lines *poserr.Lines
}

func newPosMap(name string, data []byte) *posMap {
	return &posMap{name: name, lines: poserr.NewLines(data)}
}

// pos returns the 1-based line and column (in characters) of offset off,
// or zeros for an offset outside the file.
func (p *posMap) pos(off int64) (line, col int) {
	if p == nil {
		return 0, 0
	}
	return p.lines.Pos(off)
}

// diag collects the errors and warnings of one import.
type diag struct {
	errs     ErrorList
	dropped  int
	warnings []error
}

func (d *diag) add(e *Error) {
	if len(d.errs) >= MaxErrors {
		d.dropped++
		return
	}
	d.errs = append(d.errs, e)
}

// errAt records an error at offset off of the file described by p; off < 0
// means no position.
func (d *diag) errAt(p *posMap, off int64, cause error, msg string) {
	e := &Error{File: p.name, Msg: msg, Err: cause}
	e.Line, e.Col = p.pos(off)
	d.add(e)
}

// warnAt records a warning at offset off of the file described by p.
func (d *diag) warnAt(p *posMap, off int64, msg string) {
	e := &Error{File: p.name, Msg: msg}
	e.Line, e.Col = p.pos(off)
	d.warnings = append(d.warnings, e)
}

// err returns the collected errors as an ErrorList, or nil.
func (d *diag) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	out := slices.Clone(d.errs)
	if d.dropped > 0 {
		out = append(out, &Error{Msg: strconv.Itoa(d.dropped) + " more errors not shown"})
	}
	return out
}

// checkLabel reports s, read at offset off of the file described by pm,
// when parley's scenario could not hold it as a label (too long, or with
// control characters); what names it ("issue name"). It reports whether s
// is fine.
func checkLabel(pm *posMap, off int64, what, s string, dg *diag) bool {
	if msg := textcheck.Label(s, "a label", textcheck.MaxLabel); msg != "" {
		dg.errAt(pm, off, nil, what+": "+msg)
		return false
	}
	return true
}

// q quotes a text read from a file for a message, shortened to its first
// characters (poserr.Clip): a message never echoes more of a file than
// that.
func q(s string) string { return strconv.Quote(poserr.Clip(s)) }

// numberProblem says what is wrong with the number literal s: longer than
// MaxNumberLength, or (exp) with a decimal exponent beyond ±MaxExponent;
// "" when nothing is. It quotes nothing of s.
func numberProblem(s string, exp bool) string {
	if len(s) > MaxNumberLength {
		return fmt.Sprintf("a number of %d characters, more than the limit of %d", len(s), MaxNumberLength)
	}
	if i := strings.IndexAny(s, "eE"); exp && i >= 0 {
		if e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+")); err != nil || e > MaxExponent || e < -MaxExponent {
			return fmt.Sprintf("a number with an exponent beyond ±%d", MaxExponent)
		}
	}
	return ""
}
