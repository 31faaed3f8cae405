package main

import (
	"context"
	"os"
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
			})
			os.Exit(exitCode(err, os.Stderr))
		},
	})
}

// TestScripts runs the command-line scripts in testdata/script: every
// command the README and the help texts show is exercised there.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
	})
}
