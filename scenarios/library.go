package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"gopkg.in/yaml.v3"
)

// library holds the built-in scenarios, one file NAME.yaml each.
//
//go:embed library/*.yaml
var library embed.FS

// sweepLibrary holds the built-in sweeps, one file NAME.yaml each.
//
//go:embed sweeps/*.yaml
var sweepLibrary embed.FS

// tournamentLibrary holds the built-in tournaments, one file NAME.yaml
// each.
//
//go:embed tournaments/*.yaml
var tournamentLibrary embed.FS

// The built-ins: every lookup of a built-in scenario or sweep by name goes
// through one of these.
var (
	builtinScenarios = shelf{files: library, dir: "library", what: "scenario"}
	builtinSweeps    = shelf{files: sweepLibrary, dir: "sweeps", what: "sweep"}
	// builtinTournaments is the shelf of tournament files.
	builtinTournaments = shelf{files: tournamentLibrary, dir: "tournaments", what: "tournament"}
)

// shelf is a folder of built-in YAML files embedded in the package, one
// NAME.yaml each.
type shelf struct {
	files embed.FS
	dir   string
	// what names the kind of file in messages: "scenario", "sweep" or
	// "tournament".
	what string
}

// read returns the file a loader of the shelf's kind is given: the file
// at path, or, when there is no such file and path is a bare name, the
// built-in of that name. It returns the name errors are to give the file
// (path, or "builtin:NAME") and whether it is a built-in. A missing file
// is a *Error that wraps fs.ErrNotExist, a folder a *Error; a file that
// cannot be read is an error that is neither. Whatever the file (a device,
// a pipe), at most MaxFileSize+1 bytes are read.
func (s shelf) read(path string) (name string, data []byte, builtin bool, err error) {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(path, `/\`):
		if data, ok := s.source(path); ok {
			return "builtin:" + bare(path), data, true, nil
		}
		return "", nil, false, &Error{File: path, Msg: "no such file, " + s.notOne(path, nil), Err: err}
	case errors.Is(err, fs.ErrNotExist):
		return "", nil, false, &Error{File: path, Msg: "no such file", Err: err}
	case err != nil:
		return "", nil, false, fmt.Errorf("load %s: %w", s.what, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return "", nil, false, &Error{File: path, Msg: "a folder: a " + s.what + " is a YAML file"}
	}
	data, err = io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return "", nil, false, fmt.Errorf("load %s: %w", s.what, err)
	}
	return path, data, false, nil
}

// bare returns name without a ".yaml" suffix: the name of a built-in as
// users may type it either way.
func bare(name string) string { return strings.TrimSuffix(name, ".yaml") }

// source returns the YAML of the built-in called name, with or without
// the ".yaml" suffix, and whether there is one. Names with a path
// separator or a leading dot name none.
func (s shelf) source(name string) ([]byte, bool) {
	name = bare(name)
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return nil, false
	}
	data, err := s.files.ReadFile(path.Join(s.dir, name+".yaml"))
	if err != nil {
		return nil, false
	}
	return data, true
}

// names returns the names of the built-ins, sorted.
func (s shelf) names() []string {
	files, _ := fs.Glob(s.files, s.dir+"/*.yaml")
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = bare(path.Base(f))
	}
	slices.Sort(names)
	return names
}

// entries returns the built-ins with their descriptions, sorted by name.
func (s shelf) entries() []Entry {
	var out []Entry
	for _, name := range s.names() {
		data, _ := s.source(name)
		out = append(out, Entry{Name: name, Description: summary(data)})
	}
	return out
}

// notOne returns `nor is "x" a built-in scenario (did you mean "y"?)` for
// a name that is no built-in, the suggestion charged to budget (nil for
// none).
func (s shelf) notOne(name string, budget *int) string {
	return fmt.Sprintf("nor is %q a built-in %s%s", poserr.Clip(bare(name)), s.what, poserr.Suggest(bare(name), s.names(), budget))
}

// Entry names a built-in scenario, sweep or tournament.
type Entry struct {
	// Name is what Load (LoadSweep, LoadTournament) accepts: the file
	// name without ".yaml".
	Name string
	// Description is the first sentence or line of the description.
	Description string
}

// Builtins returns the built-in scenarios sorted by name.
func Builtins() []Entry { return builtinScenarios.entries() }

// BuiltinSource returns the YAML source of the built-in scenario called
// name, with or without the ".yaml" suffix, and whether there is one.
func BuiltinSource(name string) ([]byte, bool) { return builtinScenarios.source(name) }

// BuiltinSweeps returns the built-in sweeps sorted by name.
func BuiltinSweeps() []Entry { return builtinSweeps.entries() }

// BuiltinSweepSource returns the YAML source of the built-in sweep called
// name, with or without the ".yaml" suffix, and whether there is one.
func BuiltinSweepSource(name string) ([]byte, bool) { return builtinSweeps.source(name) }

// BuiltinTournaments returns the built-in tournaments sorted by name.
func BuiltinTournaments() []Entry { return builtinTournaments.entries() }

// BuiltinTournamentSource returns the YAML source of the built-in
// tournament called name, with or without the ".yaml" suffix, and whether
// there is one.
func BuiltinTournamentSource(name string) ([]byte, bool) { return builtinTournaments.source(name) }

// summary returns the first sentence or line of a scenario's description,
// or "" when it has none.
func summary(data []byte) string {
	var head struct {
		Description string `yaml:"description"`
	}
	if err := yaml.Unmarshal(data, &head); err != nil {
		return ""
	}
	d := strings.TrimSpace(head.Description)
	if i := strings.IndexByte(d, '\n'); i >= 0 {
		d = d[:i]
	}
	if i := strings.Index(d, ". "); i >= 0 {
		d = d[:i+1]
	}
	return strings.TrimSpace(d)
}
