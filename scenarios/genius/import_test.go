package genius

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles creates the files (name → content) in a new folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestImportFolder(t *testing.T) {
	profileB := strings.Replace(xmlProfile, `value="0.1"`, `value="0.2"`, 1)
	tests := []struct {
		name     string
		files    map[string]string
		err      string    // substring of the error, or ""
		profiles [2]string // base names of A and B
		warnings []string
	}{
		{name: "GENIUS folder with extras", files: map[string]string{
			"dom.xml": xmlDomain, "b_prof.xml": profileB, "a_prof.xml": xmlProfile, "c_prof.xml": xmlProfile,
			"pareto.xml": "0.1, 0.9\n0.5, 0.5\n", "nonlinear.xml": `<utility_space type="nonlinear"/>`,
			"notes.pdf": "%PDF", "specials.json": `{"size": 6}`,
		}, profiles: [2]string{"a_prof.xml", "b_prof.xml"}, warnings: []string{
			"skipped " + "X/nonlinear.xml: a GENIUS profile of type \"nonlinear\"",
			"skipped X/pareto.xml: not well-formed XML",
			"skipped X/specials.json: JSON that is neither a GeniusWeb domain nor a profile",
			"took the first two profiles in name order, a_prof.xml and b_prof.xml; ignored c_prof.xml",
		}},
		{name: "GeniusWeb folder", files: map[string]string{
			"dom.json": jsonDomain, "profileA.json": jsonProfile, "profileB.json": jsonOldKeys, "other.xml": xmlProfile,
		}, profiles: [2]string{"profileA.json", "profileB.json"}, warnings: []string{
			"skipped X/other.xml: a profile in another format than the domain",
		}},
		{name: "no domain", files: map[string]string{"a.xml": xmlProfile, "b.xml": xmlProfile}, err: "holds no GENIUS or GeniusWeb domain file"},
		{name: "two domains", files: map[string]string{"d1.xml": xmlDomain, "d2.json": jsonDomain, "a.xml": xmlProfile},
			err: "holds 2 domain files (d1.xml, d2.json)"},
		{name: "one profile", files: map[string]string{"d.xml": xmlDomain, "a.xml": xmlProfile}, err: "holds 1 profile(s) for domain d.xml; two are needed"},
		{name: "a malformed profile", files: map[string]string{"d.xml": xmlDomain, "a.xml": xmlProfile,
			"b.xml": strings.Replace(xmlProfile, "</objective>", "", 1)},
			err: "X: holds 1 profile(s) for domain d.xml; two are needed; 1 file that might be one does not parse (errors follow)\nX/b.xml:10:1: end tag </utility_space> does not match <objective> (line 2)"},
		{name: "a malformed GeniusWeb profile", files: map[string]string{"d.json": jsonDomain, "a.json": jsonProfile,
			"b.json": strings.Replace(jsonProfile, `"x": 0.25,`, `"x": 0.25`, 1)},
			err: "X/b.json:3:70: JSON syntax error: invalid character '\"' after object key:value pair"},
		{name: "a malformed domain", files: map[string]string{"d.xml": strings.Replace(xmlDomain, "<issue", "<issue<", 1), "a.xml": xmlProfile, "b.xml": xmlProfile},
			err: "X: holds no GENIUS or GeniusWeb domain file (XML with root <negotiation_template>, or JSON with issuesValues); 1 file that might be one does not parse (errors follow)\nX/d.xml:4:7: XML syntax error: "},
		{name: "a malformed extra file", files: map[string]string{"d.xml": xmlDomain, "a.xml": xmlProfile, "b.xml": xmlProfile, "c.xml": "<x"},
			profiles: [2]string{"a.xml", "b.xml"}, warnings: []string{"skipped X/c.xml: not well-formed XML (X/c.xml:1:3: XML syntax error: unexpected EOF)"}},
		{name: "a file name with an escape sequence", files: map[string]string{"d.xml": xmlDomain, "a.xml": xmlProfile, "b.xml": xmlProfile, "\x1b[2J.xml": "<x"},
			profiles: [2]string{"a.xml", "b.xml"}, warnings: []string{`skipped "X/\x1b[2J.xml": not well-formed XML ("X/\x1b[2J.xml":1:3: XML syntax error: unexpected EOF)`}},
		{name: "errors in the chosen files", files: map[string]string{"d.xml": xmlDomain, "a.xml": xmlProfile,
			"b.xml": strings.Replace(xmlProfile, `evaluation="4"`, `evaluation="-4"`, 1)}, err: "b.xml:3:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			im, err := Import([]string{dir}, Options{})
			if tc.err != "" {
				if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), dir, "X"), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tc.profiles {
				if got := filepath.Base(im.Domain.Files[i+1]); got != want {
					t.Errorf("profile %d = %s, want %s", i, got, want)
				}
			}
			var ws []string
			for _, w := range im.Warnings {
				ws = append(ws, strings.ReplaceAll(w.Error(), dir, "X"))
			}
			if !containsAll(ws, tc.warnings) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(ws, "\n"), strings.Join(tc.warnings, "\n"))
			}
			if im.Name != scenarioName(filepath.Base(dir)) {
				t.Errorf("name %q", im.Name)
			}
		})
	}
}

func TestImportFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"My Domain.xml": xmlDomain, "p1.xml": xmlProfile, "p2.xml": strings.Replace(xmlProfile, `value="0.1"`, `value="0.2"`, 1)})
	p := func(n string) string { return filepath.Join(dir, n) }
	// The domain is found by content; the profiles keep their order.
	im, err := Import([]string{p("p2.xml"), p("My Domain.xml"), p("p1.xml")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if im.Name != "my-domain" || im.Domain.Profiles[0].Reservation != 0.2 || im.Domain.Profiles[1].Reservation != 0.1 {
		t.Errorf("name %q, reservations %v %v", im.Name, im.Domain.Profiles[0].Reservation, im.Domain.Profiles[1].Reservation)
	}
	for _, bad := range []struct {
		paths []string
		opt   Options
		want  string
	}{
		{[]string{p("p1.xml")}, Options{}, "a file, not a folder: give a folder, or a domain file and two profile files"},
		{[]string{p("p1.xml"), p("p2.xml")}, Options{}, "got 2 paths"},
		{[]string{p("My Domain.xml"), p("p1.xml"), p("missing.xml")}, Options{}, "no such file"},
		{[]string{dir}, Options{Strategy: [2]string{"bulware"}, Deadline: -1, Runs: -2, RealSteps: 1, Name: "Bad Name"}, `unknown strategy "bulware"`},
	} {
		if _, err := Import(bad.paths, bad.opt); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Import(%v): error %v, want %q", bad.paths, err, bad.want)
		}
	}
	_, err = Import([]string{dir}, Options{Deadline: -1, Runs: -2, RealSteps: 1, Name: "Bad Name"})
	for _, want := range []string{"deadline -1 outside", "runs -2 outside", "real steps 1 outside", `name "Bad Name"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("options error %v, want %q", err, want)
		}
	}
	big := strings.Repeat(" ", MaxFileSize+1)
	if err := os.WriteFile(p("big.xml"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Import([]string{p("big.xml"), p("p1.xml"), p("p2.xml")}, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large file: %v", err)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dell", "dell"},
		{"$10 billion", "10_billion"},
		{"19'' LCD", "19_lcd"},
		{"1.0", "1_0"},
		{"100_16", "100_16"},
		{"  Public transport  ", "public_transport"},
		{"ünïcödé", "unicode"},
		{"Straße Zürich", "strasse_zurich"},
		{"日本 2", "2"},
		{"€", ""},
		{strings.Repeat("ab ", 40), strings.TrimRight(strings.Repeat("ab_", 22), "_")[:64]},
	}
	for _, tc := range tests {
		if got := slug(tc.in, '_'); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	ids := uniqueIDs([]string{"Dell", "dell", "DELL", "", "a_2", "a", "a"}, '_', func(i int) string { return "v" + string(rune('1'+i)) })
	want := []string{"dell", "dell_2", "dell_3", "v4", "a_2", "a", "a_3"}
	for i := range want {
		if ids[i] != want[i] {
			t.Errorf("uniqueIDs = %q, want %q", ids, want)
			break
		}
	}
}

// TestImportErrorKinds checks that every mistake in the input (paths,
// files, options) is a typed *Error, found with errors.As, while a failure
// to read a file is not: callers tell bad input (exit code 2) from a
// failure worth retrying (exit code 1) by the type alone.
func TestImportErrorKinds(t *testing.T) {
	good := writeFiles(t, map[string]string{"d.xml": xmlDomain, "a.xml": xmlProfile, "b.xml": xmlProfile})
	file := func(name string) string { return filepath.Join(good, name) }
	bad := []struct {
		name  string
		paths []string
		opt   Options
		is    error // a cause errors.Is must find, or nil
	}{
		{name: "no domain", paths: []string{writeFiles(t, map[string]string{"a.xml": xmlProfile})}},
		{name: "one profile", paths: []string{writeFiles(t, map[string]string{"d.xml": xmlDomain, "a.xml": xmlProfile})}},
		{name: "two domains", paths: []string{writeFiles(t, map[string]string{"d.xml": xmlDomain, "e.json": jsonDomain})}},
		{name: "missing folder", paths: []string{filepath.Join(good, "nope")}, is: fs.ErrNotExist},
		{name: "missing file", paths: []string{file("d.xml"), file("a.xml"), file("nope.xml")}, is: fs.ErrNotExist},
		{name: "a file for a folder", paths: []string{file("d.xml")}},
		{name: "two paths", paths: []string{file("d.xml"), file("a.xml")}},
		{name: "bad options", paths: []string{good}, opt: Options{Deadline: -1, Strategy: [2]string{"nope"}}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(tc.paths, tc.opt)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%v (%T): not a *Error", err, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%v: does not wrap %v", err, tc.is)
			}
		})
	}
	// A folder given as one of three files fails to read (EISDIR): a
	// failure of the system, not a mistake in the files.
	_, err := Import([]string{file("d.xml"), good, file("b.xml")}, Options{})
	var e *Error
	if err == nil || errors.As(err, &e) {
		t.Errorf("reading a folder as a file: %v (%T), want an error that is no *Error", err, err)
	}
}
