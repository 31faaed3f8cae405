package scenarios

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestLibrary(t *testing.T) {
	entries := Builtins()
	if len(entries) == 0 {
		t.Fatal("the embedded library holds no scenarios")
	}
	if !slices.IsSortedFunc(entries, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("Builtins not sorted: %v", entries)
	}
	for _, e := range entries {
		t.Run(e.Name, func(t *testing.T) {
			if e.Description == "" || strings.Contains(e.Description, "\n") {
				t.Errorf("description %q: want one non-empty line", e.Description)
			}
			for _, name := range []string{e.Name, e.Name + ".yaml"} {
				s, err := Load(name, nil)
				if err != nil {
					t.Fatalf("Load(%q): %v", name, err)
				}
				if s.Source != "builtin:"+e.Name {
					t.Errorf("Source %q", s.Source)
				}
				for _, w := range s.Warnings {
					t.Errorf("warning: %v", w)
				}
				if err := s.Negotiation.Validate(); err != nil {
					t.Errorf("invalid negotiation: %v", err)
				}
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	// A file on disk wins over the built-in of the same name.
	if entries := Builtins(); len(entries) > 0 {
		name := entries[0].Name
		src, _ := BuiltinSource(name)
		src = []byte(strings.Replace(string(src), "name: "+name, "name: on-disk", 1))
		if err := os.WriteFile(name+".yaml", src, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Load(name+".yaml", nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != "on-disk" || s.Source != name+".yaml" {
			t.Errorf("Load(%q) read %q from %q, want the file on disk", name+".yaml", s.Name, s.Source)
		}
	}
	_, err := Load("used-cr", nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing scenario: %v, want fs.ErrNotExist", err)
	}
	if slices.ContainsFunc(Builtins(), func(e Entry) bool { return e.Name == "used-car" }) && !strings.Contains(err.Error(), `did you mean "used-car"?`) {
		t.Errorf("no suggestion in %q", err)
	}
	if _, err := Load(filepath.Join("no", "such.yaml"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing path: %v", err)
	}
}

func TestOversize(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	for i := range big {
		big[i] = '#'
	}
	const want = "big.yaml: file is larger than the limit of 1048576 bytes (1 MiB)"
	if _, err := Parse("big.yaml", big, nil); err == nil || err.Error() != want {
		t.Errorf("Parse: %v, want %q", err, want)
	}
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, nil); err == nil || !strings.HasSuffix(err.Error(), ": file is larger than the limit of 1048576 bytes (1 MiB)") {
		t.Errorf("Load: %v", err)
	}
}

// TestOversizeStream checks that Load stops reading after MaxFileSize+1
// bytes: it reads from a pipe that never ends.
func TestOversizeStream(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes")
	}
	path := filepath.Join(t.TempDir(), "endless.yaml")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	go func() {
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		chunk := []byte(strings.Repeat("# endless\n", 1000))
		for {
			if _, err := w.Write(chunk); err != nil {
				return // the reader closed the pipe
			}
		}
	}()
	done := make(chan error, 1)
	go func() {
		_, err := Load(path, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "file is larger than the limit") {
			t.Errorf("Load: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load kept reading an endless file")
	}
}

// billionLaughs is the classic exponential alias bomb: 10^9 strings.
const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

func TestBillionLaughs(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"many aliases", billionLaughs, "bomb.yaml:2:14: more than 1000 aliases; write the repeated parts out"},
		// Few aliases, each copying a large anchor.
		{"large copies", "a: &a [" + strings.Repeat("x,", 30_000) + "x]\nb: [*a, *a, *a, *a]\n",
			"bomb.yaml:2:17: aliases expand to more than 100000 nodes; write the repeated parts out"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse("bomb.yaml", []byte(tc.src), []string{"runs=5"})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %s", err, tc.want)
			}
		})
	}
}

// TestBuiltinLookup checks that every lookup of a built-in, scenario or
// sweep, takes the name with or without ".yaml" and refuses paths.
func TestBuiltinLookup(t *testing.T) {
	plain, ok := BuiltinSource("used-car")
	if !ok {
		t.Fatal("no built-in used-car")
	}
	if withSuffix, ok := BuiltinSource("used-car.yaml"); !ok || !bytes.Equal(withSuffix, plain) {
		t.Error(`BuiltinSource("used-car.yaml") differs from BuiltinSource("used-car")`)
	}
	for _, name := range []string{"", ".yaml", "library/used-car", `..\used-car`, ".used-car"} {
		if _, ok := BuiltinSource(name); ok {
			t.Errorf("BuiltinSource(%q) found a scenario", name)
		}
	}
	sweep := BuiltinSweeps()[0].Name
	a, _ := BuiltinSweepSource(sweep)
	if b, ok := BuiltinSweepSource(sweep + ".yaml"); !ok || !bytes.Equal(a, b) {
		t.Errorf("BuiltinSweepSource(%q) differs with the suffix", sweep)
	}
	s, err := Load("used-car.yaml", nil)
	if err != nil || s.Source != "builtin:used-car" {
		t.Errorf(`Load("used-car.yaml"): source %v, %v`, s, err)
	}
	sw, err := LoadSweep(sweep+".yaml", SweepOptions{})
	if err != nil || sw.Source != "builtin:"+sweep {
		t.Errorf("LoadSweep(%q): %v", sweep+".yaml", err)
	}
	_, err = ParseSweep("s.yaml", []byte("name: s\nscenario: used-car.yaml\nparameters:\n  protocol.deadline: [5, 10]\n"), SweepOptions{})
	if err != nil {
		t.Errorf("a sweep on used-car.yaml: %v", err)
	}
}

// TestLoadErrorKinds checks that a mistake in the input is an ErrorList or
// a *Error and a failure to read a file is neither: what cmd/parley maps
// to exit codes 2 and 1.
func TestLoadErrorKinds(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{"no-such-builtin", filepath.Join(dir, "none.yaml"), filepath.Join(dir, "none.xml")} {
		_, err := Load(path, nil)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Load(%q): %v (%T), want a *Error wrapping fs.ErrNotExist", path, err, err)
		}
		_, err = LoadSweep(path, SweepOptions{})
		if !errors.As(err, &e) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("LoadSweep(%q): %v (%T), want a *Error wrapping fs.ErrNotExist", path, err, err)
		}
	}
	// Reading /proc/self/mem from its start fails with EIO on Linux.
	const eio = "/proc/self/mem"
	if _, err := os.Stat(eio); err != nil {
		t.Skipf("no %s to read an I/O error from: %v", eio, err)
	}
	_, err := Load(eio, nil)
	var e *Error
	if err == nil || errors.As(err, &e) {
		t.Errorf("Load(%s): %v (%T), want an error that is no *Error", eio, err, err)
	}
	_, err = LoadSweep(eio, SweepOptions{})
	if err == nil || errors.As(err, &e) {
		t.Errorf("LoadSweep(%s): %v (%T), want an error that is no *Error", eio, err, err)
	}
	_, err = ParseSweep("s.yaml", []byte("name: s\nscenario: "+eio+"\nparameters:\n  protocol.deadline: [5, 10]\n"), SweepOptions{})
	if err == nil || errors.As(err, &e) {
		t.Errorf("a sweep on %s: %v (%T), want an error that is no *Error", eio, err, err)
	}
}
