package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/parley-sim/parley/results/narrate"
)

const validateUsage = `Usage: parley validate FILE... [--set PATH=VALUE]...

Check scenario files (or built-in scenario names) and report every mistake
at once, each as file:line:col: path: message. Exit code 0 when all are
valid, 2 when any has an error. Warnings (such as weights that do not sum
to 1) are printed but do not fail validation.

Flags:
  --set PATH=VALUE  apply an override before validating (repeatable)
  --quiet           print only errors and warnings

Examples:
  parley validate scenarios/library/south-caucasus.yaml
  parley validate my.yaml --set parties.armenia.discount=0.95
`

func cmdValidate(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("validate", validateUsage, e.stdout)
	var sets listFlag
	fs.Var(&sets, "set", "")
	quiet := fs.Bool("quiet", false, "")
	files, err := parseFlags(fs, args, validateUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("validate: want at least one FILE (run 'parley help validate')")
	}
	bad, failed := 0, 0
	for _, f := range files {
		sc, err := loadScenario(ctx, f, sets)
		if errors.Is(err, errInterrupted) {
			return err
		}
		if err != nil {
			if err := reportInput(e, err); isBadInput(err) {
				bad++
			} else {
				fmt.Fprintln(e.stderr, "parley:", err)
				failed++
			}
			continue
		}
		for _, w := range sc.Warnings {
			fmt.Fprintf(e.stderr, "%s: warning: %v\n", f, w)
		}
		if !*quiet {
			n := sc.Negotiation
			fmt.Fprintf(e.stdout, "%s: ok (%s: %s, %s, %s)\n", f, sc.Name,
				narrate.Plural(n.Space.NumIssues(), "issue"), narrate.Plural(n.Space.Size(), "outcome"), narrate.Plural(n.Protocol.Deadline, "round"))
		}
	}
	switch {
	case failed > 0:
		// A file that could not be read may be fine: worth retrying.
		return fmt.Errorf("%w: %d of %d file(s) could not be read", errReported, failed, len(files))
	case bad > 0:
		return &badInput{err: fmt.Errorf("%w: %d of %d file(s) invalid", errReported, bad, len(files))}
	}
	return nil
}
