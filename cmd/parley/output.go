package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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
