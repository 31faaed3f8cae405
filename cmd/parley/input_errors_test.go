package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A tiny GENIUS domain and profile, for commands that import.
const (
	tinyDomain = `<negotiation_template><utility_space><objective index="0" name="dom">
<issue index="1" name="a" type="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
</objective></utility_space></negotiation_template>
`
	tinyProfile = `<utility_space><objective index="0" name="dom">
<issue index="1" name="a" type="discrete"><item value="x" evaluation="1"/><item value="y" evaluation="0.5"/></issue>
<weight index="1" value="1"/>
</objective></utility_space>
`
)

// exitOf runs parley with args in the current folder and returns its exit
// code and what it wrote to stderr, as main would.
func exitOf(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, env{stdout: &stdout, stderr: &stderr, version: "test"})
	code := 0
	if err != nil {
		if !errors.Is(err, errReported) {
			stderr.WriteString("parley: " + err.Error() + "\n")
		}
		code = 1
		if isBadInput(err) {
			code = 2
		}
	}
	return code, stderr.String()
}

// TestInputErrorExitCodes checks that a mistake in the input exits with
// code 2 and says what is wrong, while a failure to read a file (here a
// folder read as a file, EISDIR, and /proc/self/mem, EIO) exits with 1,
// worth retrying: the typed errors of packages scenarios and genius decide,
// not the command.
func TestInputErrorExitCodes(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for name, content := range map[string]string{
		"dom/d.xml": tinyDomain, "dom/a.xml": tinyProfile, "dom/b.xml": tinyProfile,
		"lonely/d.xml": tinyDomain, "lonely/a.xml": tinyProfile,
		"sub/x.xml":       tinyProfile,
		"unreadable.yaml": "name: u\nscenario: /proc/self/mem\nparameters:\n  protocol.deadline: [5, 10]\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type exitCase struct {
		name   string
		args   []string
		code   int
		stderr string
	}
	tests := []exitCase{
		{"import ok", []string{"import", "dom", "-o", "dom.yaml"}, 0, ""},
		{"import a folder with one profile", []string{"import", "lonely"}, 2, "lonely: holds 1 profile(s) for domain d.xml; two are needed"},
		{"import a missing folder", []string{"import", "nope"}, 2, "nope: no such file or folder"},
		{"import a folder read as a file", []string{"import", "dom/d.xml", "sub", "dom/b.xml"}, 1, "is a directory"},
		{"import bad options", []string{"import", "dom", "--strategy-a", "nope"}, 2, `unknown strategy "nope"`},
		{"run a missing scenario", []string{"run", "nope.yaml"}, 2, `nope.yaml: no such file, nor is "nope" a built-in scenario`},
		{"run a folder with one profile", []string{"run", "lonely"}, 2, "lonely: holds 1 profile(s)"},
		{"validate a missing scenario", []string{"validate", "nope.yaml"}, 2, `nope.yaml: no such file, nor is "nope" a built-in scenario`},
		{"sweep a missing sweep", []string{"sweep", "nope.yaml"}, 2, `nope.yaml: no such file, nor is "nope" a built-in sweep`},
	}
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		// Reading /proc/self/mem from its start fails with EIO on Linux.
		tests = append(tests,
			exitCase{"run an unreadable file", []string{"run", "/proc/self/mem"}, 1, "input/output error"},
			exitCase{"validate an unreadable file", []string{"validate", "/proc/self/mem", "used-car"}, 1, "input/output error"},
			exitCase{"sweep on an unreadable base scenario", []string{"sweep", "unreadable.yaml"}, 1, "input/output error"},
		)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := exitOf(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("parley %s: exit %d, stderr:\n%s\nwant exit %d and %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.stderr)
			}
		})
	}
}

// TestSweepPointErrorOnce checks that a point whose values are valid one
// by one but not together is reported once, with the sweep's name and the
// point: each layer (scenarios, sim, the command) adds what only it knows.
func TestSweepPointErrorOnce(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src := "name: x\nscenario: used-car\nparameters:\n  protocol.type: [alternating, single_text]\n  protocol.breakdown: [0, 0.01]\n"
	if err := os.WriteFile("x.yaml", []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stderr := exitOf(t, "sweep", "x.yaml", "--replications", "1", "--workers", "1", "--no-charts", "--quiet", "--out", "out")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	want := "point 3: --set protocol.breakdown=0.01: protocol.breakdown: expected 0 for the single_text protocol"
	if strings.Count(stderr, "point 3") != 1 || strings.Count(stderr, "sweep x") != 1 || !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant %q once, naming the sweep once", stderr, want)
	}
}
