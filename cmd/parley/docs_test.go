package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-sim/parley/scenarios"
)

// docMaxRuns caps the runs and replications of the documented commands
// (PARLEY_MAX_RUNS): they must work, whatever they cost in full.
const docMaxRuns = 20

// TestDocCommands runs every distinct parley command shown in the README,
// in scenarios/README.md and in the examples of every help text, as a
// newcomer would type them, in a fresh folder: each must succeed. It
// caps runs and replications with PARLEY_MAX_RUNS, draws PNGs at 100 dpi
// (PARLEY_DPI) and runs the commands
// in parallel, as many at once as GOMAXPROCS, each after the earlier
// commands that touch the files and folders it touches (docCommand.after).
func TestDocCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented command; skipped in -short mode")
	}
	var lines []string
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, shellLines(string(readme))...)
	// The scenario reference and its lesson plans show commands too.
	guide, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, shellLines(string(guide))...)
	lines = append(lines, shellLines(mainUsage)...)
	for _, c := range commands() {
		lines = append(lines, shellLines(c.usage)...)
	}
	if len(lines) < 20 {
		t.Fatalf("found only %d documented commands: is the extraction broken?", len(lines))
	}

	t.Chdir(t.TempDir())
	t.Setenv(maxRunsVar, strconv.Itoa(docMaxRuns))
	// PNGs at 100 dpi: a third of the default in each direction, a ninth
	// of the pixels to draw and compress (charts are most of a small
	// run's cost).
	t.Setenv(dpiVar, "100")
	// The examples edit a copy of the flagship, as the README shows.
	src, _ := scenarios.BuiltinSource("south-caucasus")
	if err := os.MkdirAll("scenarios/library", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"my.yaml", "scenarios/library/south-caucasus.yaml"} {
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	var cmds []docCommand
	seen := map[string]bool{}
	for _, line := range lines {
		args, redirect := splitCommand(line)
		if len(args) < 2 || args[0] != "parley" || seen[line] {
			continue
		}
		seen[line] = true
		cmds = append(cmds, newDocCommand(line, args[1:], redirect))
	}
	// A plain name an earlier command writes (export -o NAME, then import
	// NAME) is a path too, though it does not exist yet.
	for i := range cmds {
		for _, p := range cmds[i].pos {
			for j := range cmds[:i] {
				if slices.Contains(cmds[j].paths, filepath.Clean(p)) && !slices.Contains(cmds[i].paths, filepath.Clean(p)) {
					cmds[i].paths = append(cmds[i].paths, filepath.Clean(p))
				}
			}
		}
	}

	done := make([]chan struct{}, len(cmds))
	for i := range done {
		done[i] = make(chan struct{})
	}
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, c := range cmds {
		wg.Go(func() {
			defer close(done[i])
			for j := range cmds[:i] {
				if c.after(&cmds[j]) {
					<-done[j]
				}
			}
			slots <- struct{}{}
			defer func() { <-slots }()
			t.Run(c.line, func(t *testing.T) {
				if c.args[0] == "serve" {
					docServe(t, c.args)
					return
				}
				var stdout, stderr bytes.Buffer
				err := run(context.Background(), c.args, env{stdout: &stdout, stderr: &stderr, version: "test", getenv: os.Getenv})
				if err != nil {
					t.Fatalf("%s: %v\nstderr:\n%s", c.line, err, stderr.String())
				}
				if c.redirect != "" {
					if err := os.WriteFile(filepath.Clean(c.redirect), stdout.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		})
	}
	wg.Wait()
}

// docCommand is a documented command and the files and folders it may
// read or write, relative to the folder it runs in.
type docCommand struct {
	line     string
	args     []string // after "parley"
	redirect string   // the file of a trailing "> file", or ""
	paths    []string
	pos      []string // the positional arguments after the subcommand
}

// docBoolFlags are the flags that take no value.
var docBoolFlags = []string{"--narrate", "--no-charts", "--quiet", "--resume", "--force", "--json", "--help", "-h"}

// newDocCommand finds the paths command line args may touch: the
// redirect, the values of --out, -o and --chart, the arguments that name
// files or folders, and the default output folder of run and sweep
// (out/NAME, or the whole of out/ when NAME is read from a file).
func newDocCommand(line string, args []string, redirect string) docCommand {
	c := docCommand{line: line, args: args, redirect: redirect}
	add := func(p string) { c.paths = append(c.paths, filepath.Clean(p)) }
	if redirect != "" {
		add(redirect)
	}
	var pos []string
	out, shard := "", ""
	for i := 1; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(a, "=")
		if !hasValue && !slices.Contains(docBoolFlags, name) && i+1 < len(args) {
			i++
			value = args[i]
		}
		switch name {
		case "--out", "-o", "--chart":
			out = value
			add(value)
		case "--shard":
			shard = value
		}
	}
	c.pos = pos
	for _, p := range pos {
		if _, err := os.Stat(p); err == nil || strings.ContainsAny(p, "/.") {
			add(p)
		}
	}
	if (args[0] == "run" || args[0] == "sweep") && out == "" && len(pos) > 0 {
		switch name := pos[0]; {
		case strings.ContainsAny(name, "/."):
			add("out")
		case shard != "":
			i, n, _ := strings.Cut(shard, "/")
			add(fmt.Sprintf("out/%s-shard-%s-of-%s", name, i, n))
		default:
			add("out/" + name)
		}
	}
	return c
}

// after reports whether c must run after the earlier command e: when one
// touches a path that the other touches too, or a folder holding it.
func (c *docCommand) after(e *docCommand) bool {
	within := func(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) }
	for _, p := range c.paths {
		for _, q := range e.paths {
			if within(p, q) || within(q, p) {
				return true
			}
		}
	}
	return false
}

// shellLines returns the lines of text that are parley commands: lines
// inside Markdown code fences, or indented lines, that start with "parley ".
func shellLines(text string) []string {
	var out []string
	fenced := false
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		raw := sc.Text()
		if strings.HasPrefix(raw, "```") {
			fenced = !fenced
			continue
		}
		if !fenced && !strings.HasPrefix(raw, "  ") {
			continue
		}
		line := strings.TrimSpace(raw)
		if i := strings.Index(line, "  #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if strings.HasPrefix(line, "parley ") && !strings.Contains(line, "<") && !strings.Contains(line, "[") &&
			!strings.Contains(line, "SCENARIO") && !strings.Contains(line, "FILE") {
			out = append(out, line)
		}
	}
	return out
}

// splitCommand splits a shell command line into words, honouring double
// quotes, and returns the target of a trailing "> file" redirect.
func splitCommand(line string) (args []string, redirect string) {
	if i := strings.Index(line, " > "); i >= 0 {
		redirect = strings.TrimSpace(line[i+3:])
		line = line[:i]
	}
	var cur strings.Builder
	var quote rune // the open quote, ' or ", or 0
	have := false
	for _, r := range line {
		switch {
		case (r == '"' || r == '\'') && (quote == 0 || quote == r):
			if quote == 0 {
				quote = r
			} else {
				quote = 0
			}
			have = true
		case r == ' ' && quote == 0:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	return args, redirect
}

// docServe runs a documented "parley serve" command, which serves until
// Ctrl-C: on a free port of the documented host (port 0, so that tests
// and classes running at the same time do not collide), and with its
// context cancelled, as Ctrl-C does, as soon as it prints the students'
// address. The command must start, and end cleanly.
func docServe(t *testing.T, args []string) {
	t.Helper()
	args = slices.Clone(args)
	if i := slices.Index(args, "--addr"); i >= 0 && i+1 < len(args) {
		host, _, err := net.SplitHostPort(args[i+1])
		if err != nil {
			t.Fatalf("--addr %s: %v", args[i+1], err)
		}
		args[i+1] = net.JoinHostPort(host, "0")
	} else {
		args = append(args, "--addr", "127.0.0.1:0")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, env{stdout: stdout, stderr: stderr, version: "test", getenv: os.Getenv})
	}()
	deadline := time.After(2 * time.Minute)
	for !strings.Contains(stdout.String(), "Students join at http://") {
		select {
		case err := <-done:
			t.Fatalf("%v ended before serving: %v\nstderr:\n%s", args, err, stderr.String())
		case <-deadline:
			t.Fatalf("%v did not print the students' address", args)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("%v after Ctrl-C: %v\nstderr:\n%s", args, err, stderr.String())
	}
}
