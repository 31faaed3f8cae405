package genius

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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

// Error is one mistake, or one warning, about an input file.
//
// Its text is "file:line:col: message". Line and Col count from 1, Col in
// characters; zero means unknown and the part is left out.
type Error struct {
	// File is the file name as given to the reader.
	File string
	// Line is the 1-based line, or 0 if unknown.
	Line int
	// Col is the 1-based column in characters, or 0 if unknown.
	Col int
	// Msg says what was expected and what was found.
	Msg string
	// Err is the underlying cause, if any: a sentinel such as ErrTooLarge,
	// or a decoder's error.
	Err error
}

// Error returns "file:line:col: message", leaving out unknown parts.
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
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every mistake found in one import, in the order of the files
// and, within a file, by position. Readers return a non-empty ErrorList for
// any mistake in their input.
type ErrorList []*Error

// Error returns the errors one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors, so that errors.As and errors.Is look into them.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// MaxErrors is the largest number of errors reported for one import; a last
// error counts the others.
const MaxErrors = 100

// posMap turns byte offsets of one file into lines and columns.
type posMap struct {
	name  string
	data  []byte
	lines []int // byte offset of the start of each line
}

func newPosMap(name string, data []byte) *posMap {
	p := &posMap{name: name, data: data, lines: []int{0}}
	for i, c := range data {
		if c == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	return p
}

// pos returns the 1-based line and column (in characters) of offset off,
// or zeros for an offset outside the file.
func (p *posMap) pos(off int64) (line, col int) {
	if p == nil || off < 0 || off > int64(len(p.data)) {
		return 0, 0
	}
	o := int(off)
	i, found := slices.BinarySearch(p.lines, o)
	if !found {
		i--
	}
	start := p.lines[i]
	return i + 1, utf8.RuneCount(p.data[start:o]) + 1
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
