package main

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/scenarios"
)

const scenariosUsage = `Usage: parley scenarios [--source NAME]

List the scenarios built into parley with a one-line description. Any of
them can be run by name, e.g. 'parley run south-caucasus'. With --source,
print the YAML of one built-in scenario, to copy and edit.

Examples:
  parley scenarios
  parley scenarios --source south-caucasus > my.yaml
`

func cmdScenarios(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("scenarios", scenariosUsage, e.stdout)
	source := fs.String("source", "", "")
	pos, err := parseFlags(fs, args, scenariosUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("scenarios: unexpected argument %q (run 'parley help scenarios')", pos[0])
	}
	if *source != "" {
		data, ok := scenarios.BuiltinSource(*source)
		if !ok {
			return usagef("scenarios: no built-in scenario %q; run 'parley scenarios' for the list", *source)
		}
		_, err := e.stdout.Write(data)
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, s := range scenarios.Builtins() {
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
	}
	return tw.Flush()
}

const agentsUsage = `Usage: parley agents [NAME]

List the negotiation strategies with their parameters and defaults, or
describe one strategy in full: its rule, parameters and citation. A
scenario selects a strategy with 'strategy: {type: NAME, PARAM: VALUE}'.

Examples:
  parley agents
  parley agents boulware
`

func cmdAgents(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("agents", agentsUsage, e.stdout)
	pos, err := parseFlags(fs, args, agentsUsage, e.stdout)
	if err != nil {
		return err
	}
	switch len(pos) {
	case 0:
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		for _, a := range agents.Catalog() {
			fmt.Fprintf(tw, "%s\t%s\n", a.Name, a.Summary)
		}
		return tw.Flush()
	case 1:
		a, ok := agents.Lookup(pos[0])
		if !ok {
			var names []string
			for _, a := range agents.Catalog() {
				names = append(names, a.Name)
			}
			msg := fmt.Sprintf("agents: unknown strategy %q", pos[0])
			if s, ok := scenarios.Nearest(pos[0], names); ok {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return usagef("%s", msg)
		}
		fmt.Fprintf(e.stdout, "%s: %s\n\n%s\n\nSource: %s\n", a.Name, a.Summary, wrap(a.Rule, 76), a.Citation)
		if len(a.Params) > 0 {
			fmt.Fprintln(e.stdout, "\nParameters:")
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  name\tdefault\tallowed\tmeaning")
			for _, p := range a.Params {
				fmt.Fprintf(tw, "  %s\t%v\t%s\t%s\n", p.Name, p.Default, allowed(p), p.Doc)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
		return nil
	default:
		return usagef("agents: want at most one NAME")
	}
}

func allowed(p agents.Param) string {
	switch p.Default.(type) {
	case float64:
		return fmt.Sprintf("[%g, %g]", p.Min, p.Max)
	case string:
		if len(p.Choices) > 0 {
			return strings.Join(p.Choices, "|")
		}
		return "text"
	case bool:
		return "true|false"
	}
	return ""
}

// wrap breaks s into lines of at most width characters.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

const versionUsage = `Usage: parley version

Print parley's version, the Go version and the platform. The version is
recorded in every manifest.json.

Example:
  parley version
`

func cmdVersion(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("version", versionUsage, e.stdout)
	pos, err := parseFlags(fs, args, versionUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version: unexpected argument %q", pos[0])
	}
	fmt.Fprintf(e.stdout, "parley %s (%s, %s/%s)\n", e.version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
