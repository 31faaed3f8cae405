package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCode runs parley in-process and returns its exit code, stdout and
// stderr.
func runCode(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, env{stdout: &stdout, stderr: &stderr, version: "test"})
	code := 0
	switch {
	case err != nil && isBadInput(err):
		code = 2
	case err != nil:
		code = 1
	}
	if err != nil {
		stderr.WriteString(err.Error())
	}
	return code, stdout.String(), stderr.String()
}

// TestExportCommand checks parley export's contract: the files and their
// paths on stdout, the warnings on stderr, exit code 2 for bad usage, an
// occupied folder without --force, and a scenario the format cannot
// state; and that parley import reads the folder back.
func TestExportCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := runCode("export", "used-car", "--format", "genius", "-o", "car")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{filepath.Join("car", "used-car-domain.xml"), filepath.Join("car", "a-seller.xml"), filepath.Join("car", "b-buyer.xml")}
	if got := strings.Fields(stdout); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("stdout %q, want the three files %q", stdout, want)
	}
	for _, f := range want {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(stderr, "parley: warning: builtin:used-car: left out of the GENIUS XML files") {
		t.Errorf("stderr lacks the warning: %s", stderr)
	}
	code, stdout, stderr = runCode("import", "car", "--deadline", "10", "--strategy-a", "boulware", "--strategy-b", "linear")
	if code != 0 || !strings.Contains(stdout, `"a_seller":`) || !strings.Contains(stdout, "discount: 0.98") {
		t.Errorf("import: exit %d, stderr %s\n%s", code, stderr, stdout)
	}

	tests := []struct {
		name string
		args []string
		code int
		msg  string // in stderr
	}{
		{"occupied folder", []string{"export", "used-car", "--format", "genius", "-o", "car"}, 2, "car is not empty"},
		{"no format", []string{"export", "used-car", "-o", "x"}, 2, "--format is required"},
		{"unknown format", []string{"export", "used-car", "--format", "negmas", "-o", "x"}, 2, `--format "negmas": want genius or geniusweb`},
		{"no folder", []string{"export", "used-car", "--format", "genius"}, 2, "-o DIR is required"},
		{"no scenario", []string{"export", "--format", "genius", "-o", "x"}, 2, "want exactly one SCENARIO"},
		{"unknown scenario", []string{"export", "no-such", "--format", "genius", "-o", "x"}, 2, "no such file"},
		{"a file as the folder", []string{"export", "used-car", "--format", "genius", "-o", "car/a-seller.xml"}, 2, "is a file, not a folder"},
		{"not expressible in GENIUS", []string{"export", "used-car", "--format", "genius", "-o", "x", "--set", "parties.seller.values.price.eur_10500=0.9"}, 2,
			"builtin:used-car: parties.seller.values.price: the best value is worth 0.9, not 1"},
		{"not expressible in GeniusWeb", []string{"export", "zeuthen-mcp", "--format", "geniusweb", "-o", "x"}, 2,
			"builtin:zeuthen-mcp: parties.b.reservation: no bid, complete or partial, is worth the reservation value 0.1"},
		{"forced", []string{"export", "used-car", "--format", "geniusweb", "-o", "car", "--force"}, 0,
			"car also holds a-seller.xml, b-buyer.xml, used-car-domain.xml"},
		{"uncertain fields", []string{"export", "used-car", "--format", "genius", "-o", "uncertain", "--set", "parties.buyer.discount={uniform: [0.85, 0.95]}"}, 0,
			"builtin:used-car: the uncertain fields are written at their nominal values (a number at its median, a choice at its most probable value), since the formats hold one value each: parties.buyer.discount"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCode(tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant it to contain %q", code, tc.code, stderr, tc.msg)
			}
		})
	}
	if _, err := os.Stat("x"); err == nil {
		t.Error("a refused export created its folder")
	}
}
