package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/parley-sim/parley/scenarios"
)

// errInterrupted is wrapped by the error of a command stopped by Ctrl-C
// (SIGINT) or SIGTERM: a failure, exit code 1.
var errInterrupted = errors.New("interrupted")

// interruptible runs f, a phase that writes nothing (loading and checking
// a scenario, analysing it, converting a domain, building a report in
// memory), and returns its result, or an error wrapping errInterrupted as
// soon as ctx is done, without waiting for f: a phase that takes seconds
// of CPU on a large space is stopped at once. f keeps running until the
// process ends, which it does when the command returns; f must therefore
// write nothing that outlives it, and the caller writes f's results only
// after interruptible returned them.
func interruptible[T any](ctx context.Context, what string, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	if err := ctx.Err(); err != nil {
		var zero T
		return zero, fmt.Errorf("%s %w", what, errInterrupted)
	}
	done := make(chan result, 1) // f's send never blocks, even after we left
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("%s %w", what, errInterrupted)
	}
}

// loadScenario is scenarios.Load, stopped by ctx (see interruptible):
// building and checking the utilities of a space of millions of outcomes
// takes seconds.
func loadScenario(ctx context.Context, path string, sets []string) (*scenarios.Scenario, error) {
	return interruptible(ctx, "loading "+path, func() (*scenarios.Scenario, error) { return scenarios.Load(path, sets) })
}
