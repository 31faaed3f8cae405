package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/scenarios"
)

// TestDocCommands runs every parley command shown in the README, in
// scenarios/README.md and in the examples of every help text, as a newcomer would type them, in a fresh
// folder: each must succeed.
func TestDocCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented command; skipped in -short mode")
	}
	var cmds []string
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds = append(cmds, shellLines(string(readme))...)
	// The scenario reference and its lesson plans show commands too.
	guide, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds = append(cmds, shellLines(string(guide))...)
	cmds = append(cmds, shellLines(mainUsage)...)
	for _, c := range commands() {
		cmds = append(cmds, shellLines(c.usage)...)
	}
	if len(cmds) < 20 {
		t.Fatalf("found only %d documented commands: is the extraction broken?", len(cmds))
	}

	t.Chdir(t.TempDir())
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
	for _, line := range cmds {
		args, redirect := splitCommand(line)
		if len(args) == 0 || args[0] != "parley" {
			continue
		}
		t.Run(line, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args[1:], env{stdout: &stdout, stderr: &stderr, version: "test"})
			if err != nil {
				t.Fatalf("%s: %v\nstderr:\n%s", line, err, stderr.String())
			}
			if redirect != "" {
				if err := os.WriteFile(filepath.Clean(redirect), stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
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
