package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the script tests run "parley" as a command in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"parley": func() {
			err := run(context.Background(), os.Args[1:], env{
				stdin:   os.Stdin,
				stdout:  os.Stdout,
				stderr:  os.Stderr,
				version: "test",
				getenv:  os.Getenv,
			})
			os.Exit(exitCode(err, os.Stderr))
		},
	})
}

// TestScripts runs the command-line scripts in testdata/script: every
// command the README and the help texts show is exercised there. Besides
// testscript's commands, a script may use exits (see cmdExits).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds:                map[string]func(ts *testscript.TestScript, neg bool, args []string){"exits": cmdExits},
	})
}

// cmdExits is the script command "exits CODE PROGRAM [ARGS...]": it runs
// the program, like exec, and passes when it exits with exit code CODE,
// so that a script tells a failure (1) from bad input or usage (2), as
// the exit codes' contract does. Its stdout and stderr are checked after
// it, as after exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("exits cannot be negated: say which code to expect")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil || want < 1 || want > 125 {
		ts.Fatalf("exits: %q is not the exit code of a failure", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	var exit *exec.ExitError
	switch {
	case err == nil:
		ts.Fatalf("%s succeeded; want exit code %d", args[1], want)
	case !errors.As(err, &exit):
		ts.Fatalf("%s: %v", args[1], err)
	case exit.ExitCode() != want:
		ts.Fatalf("%s exited with code %d; want %d", args[1], exit.ExitCode(), want)
	}
}
