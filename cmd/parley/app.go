package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
	"golang.org/x/term"
)

// env is what a command may touch besides its arguments: the input and
// output streams, the version to record, whether stderr is a terminal
// (for progress) and the environment variables. A nil stdin is an empty
// input; a nil getenv an empty environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	version        string
	term           bool
	getenv         func(key string) string
}

// maxRunsVar names the environment variable that caps the runs of parley
// run and the replications per point of parley sweep, a testing aid: the
// documented commands run quickly in the tests, and a tutorial can be
// tried at a glance. Unset, nothing is capped.
const maxRunsVar = "PARLEY_MAX_RUNS"

// capRuns returns n, the number of runs or replications (what) a command
// is about to play, capped by PARLEY_MAX_RUNS, and says so on stderr when
// it caps it. A value of the variable that is not a whole number from 1
// to sim.MaxRuns is a usage error.
func (e env) capRuns(n int, what string) (int, error) {
	v := ""
	if e.getenv != nil {
		v = e.getenv(maxRunsVar)
	}
	if v == "" {
		return n, nil
	}
	most, err := strconv.Atoi(v)
	if err != nil || most < 1 || most > sim.MaxRuns {
		return 0, usagef("%s=%q: want a whole number from 1 to %d, or leave it unset", maxRunsVar, v, sim.MaxRuns)
	}
	if n <= most {
		return n, nil
	}
	fmt.Fprintf(e.stderr, "parley: %s=%d: playing %d %s instead of %d\n", maxRunsVar, most, most, what, n)
	return most, nil
}

// dpiVar names the environment variable that sets the resolution of the
// PNG charts every command draws: a paper may want 600 dpi, a quick look
// (and the documented commands in the tests) 100. Unset, it is chart.DPI.
const dpiVar = "PARLEY_DPI"

// dpi returns the resolution PARLEY_DPI asks for, or 0 (chart.DPI) when
// it is unset. A value that is not a whole number from chart.MinDPI to
// chart.MaxDPI is a usage error.
func (e env) dpi() (int, error) {
	v := ""
	if e.getenv != nil {
		v = e.getenv(dpiVar)
	}
	if v == "" {
		return 0, nil
	}
	d, err := strconv.Atoi(v)
	if err != nil || d < chart.MinDPI || d > chart.MaxDPI {
		return 0, usagef("%s=%q: want a whole number of dots per inch from %d to %d, or leave it unset (%d)", dpiVar, v, chart.MinDPI, chart.MaxDPI, chart.DPI)
	}
	return d, nil
}

// usageError marks bad usage (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errReported marks an error that the command already printed in full (for
// example a list of scenario errors); main only sets the exit code.
var errReported = errors.New("reported")

// badInput wraps an error caused by the user's input (exit code 2) that has
// already been printed. An output path that is not a regular file
// (atomicfile.ErrNotRegular: a device, a FIFO, a link) is bad input too.
type badInput struct{ err error }

func (e *badInput) Error() string { return e.err.Error() }
func (e *badInput) Unwrap() error { return e.err }

func isBadInput(err error) bool {
	var u *usageError
	var b *badInput
	var l scenarios.ErrorList
	var s *scenarios.Error
	return errors.As(err, &u) || errors.As(err, &b) || errors.As(err, &l) || errors.As(err, &s) ||
		errors.Is(err, atomicfile.ErrNotRegular)
}

const mainUsage = `parley simulates bilateral negotiations: many seeded replications of a
scenario, written as tidy CSV tables, a manifest and charts.

Usage:
  parley <command> [arguments]

Commands:
  run        run a scenario and write its tables and charts
  compare    play two variants run by run with common random numbers: paired differences
  sweep      play a parameter sweep: points × replications, resumable, shardable
  merge      join the shard folders of a sweep or tournament into one
  tournament play an ANAC-style round robin of agents on domains
  analyze    Pareto frontier and bargaining solutions of a scenario
  import     convert a GENIUS or GeniusWeb domain into a scenario
  export     write a scenario as a GENIUS or GeniusWeb domain
  plot       re-draw the charts of a finished run from its tables
  play       negotiate in the terminal against an agent
  serve      run a live class in the browser: students bargain, the instructor watches
  report     write a self-contained HTML report of a run, sweep or tournament folder
  validate   check scenario files and report every mistake
  scenarios  list the built-in scenarios
  agents     list the strategies and their parameters
  version    print the version
  help       show help for a command

Examples:
  parley run south-caucasus --runs 1000 --seed 7 --out out/sc
  parley run my.yaml --set parties.armenia.discount=0.95
  parley sweep patience --replications 10 --out out/patience
  parley play used-car --as buyer
  parley validate my.yaml
  parley help run

Exit codes: 0 success, 1 failure, 2 bad input or usage.
`

type command struct {
	name  string
	usage string
	run   func(ctx context.Context, args []string, e env) error
}

func commands() []command {
	return []command{
		{"run", runUsage, cmdRun},
		{"compare", compareUsage, cmdCompare},
		{"sweep", sweepHelp(), cmdSweep},
		{"merge", mergeUsage, cmdMerge},
		{"tournament", tournamentHelp(), cmdTournament},
		{"analyze", analyzeUsage, cmdAnalyze},
		{"import", importUsage, cmdImport},
		{"export", exportUsage, cmdExport},
		{"plot", plotUsage, cmdPlot},
		{"play", playUsage, cmdPlay},
		{"serve", serveUsage, cmdServe},
		{"report", reportUsage, cmdReport},
		{"validate", validateUsage, cmdValidate},
		{"scenarios", scenariosUsage, cmdScenarios},
		{"agents", agentsUsage, cmdAgents},
		{"version", versionUsage, cmdVersion},
	}
}

// run is the whole program: it parses args, runs one command and returns
// its error. It never calls os.Exit.
func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, mainUsage)
		return usagef("no command given")
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help", "help":
		if name == "help" && len(rest) > 0 {
			for _, c := range commands() {
				if c.name == rest[0] {
					fmt.Fprint(e.stdout, c.usage)
					return nil
				}
			}
			return usagef("help: unknown command %q", rest[0])
		}
		fmt.Fprint(e.stdout, mainUsage)
		return nil
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, rest, e)
			if errors.Is(err, errHelp) {
				return nil
			}
			return err
		}
	}
	msg := fmt.Sprintf("unknown command %q", name)
	if s, ok := scenarios.Nearest(name, commandNames()); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return usagef("%s; run 'parley help' for the list", msg)
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// buildVersion returns the module version, or the VCS revision for a build
// from a checkout, or "devel".
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev != "" {
		return "devel-" + rev[:min(12, len(rev))] + dirty
	}
	return "devel"
}

func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd())) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}
