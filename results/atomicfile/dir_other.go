//go:build !linux

package atomicfile

import "errors"

// errNoExchange reports a system or file system that cannot exchange two
// paths in one step.
var errNoExchange = errors.New("no atomic exchange of folders here")

// exchange reports that this system has no atomic exchange: Commit moves
// the old folder aside first.
func exchange(a, b string) error { return errNoExchange }
