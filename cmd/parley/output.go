package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-sim/parley/results/atomicfile"
)

// checkOutputFile reports, before any work is done, an output file that
// cannot be written: its folder is missing or is not a folder, or the path
// exists but is not a regular file (atomicfile.ErrNotRegular). Commands
// call it on -o and --chart paths so that a typo fails at once rather than
// after a game or a report has been built.
func checkOutputFile(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no folder %s to write it into", dir)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	}
	return atomicfile.CheckTarget(path)
}

// terminalText returns s as it may be shown on a terminal: as it is, or
// quoted with Go's escapes when it holds a control character (terminal
// escape sequences among them), a line or paragraph separator or a
// bidirectional control, which would otherwise act on the terminal or
// reorder what it shows.
func terminalText(s string) string {
	if strings.ContainsFunc(s, unsafeRune) || !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	return s
}

// unsafeRune reports the runes terminalText escapes.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
