package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints its usage text on -h.
func newFlagSet(name, usage string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// parseFlags prints the usage on -h; the flag package must not print
	// it a second time.
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args with fs, allowing flags after positional
// arguments (the standard flag package stops at the first non-flag, so
// "parley run x.yaml --seed 7" would otherwise ignore the seed). It returns
// the positional arguments. "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string, usage string, help io.Writer) ([]string, error) {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue // fs.Parse reports it
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	if err := fs.Parse(flags); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprint(help, usage)
			return nil, errHelp
		}
		return nil, usagef("%s: %v (run 'parley help %s')", fs.Name(), err, fs.Name())
	}
	return positional, nil
}

// errHelp reports that help was printed on request; the command then ends
// successfully.
var errHelp = fmt.Errorf("help requested")

// listFlag collects the values of a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }
