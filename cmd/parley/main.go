// Command parley runs negotiation scenarios: many seeded replications of a
// bilateral negotiation, written as tidy CSV tables, a manifest and charts.
//
// Run "parley help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], env{
		stdin:   os.Stdin,
		stdout:  os.Stdout,
		stderr:  os.Stderr,
		version: buildVersion(),
		term:    isTerminal(os.Stderr),
		getenv:  os.Getenv,
	})
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err (if any) to stderr and maps it to the exit code: 0 ok,
// 1 failure, 2 bad input or usage.
func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return 0
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintln(stderr, "parley:", err)
	}
	if isBadInput(err) {
		return 2
	}
	return 1
}
