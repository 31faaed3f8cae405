package scenarios

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// library holds the built-in scenarios, one file NAME.yaml each.
//
//go:embed library/*.yaml
var library embed.FS

// Entry names a built-in scenario.
type Entry struct {
	// Name is what Load accepts: the file name without ".yaml".
	Name string
	// Description is the first sentence or line of the scenario's
	// description.
	Description string
}

// Builtins returns the built-in scenarios sorted by name.
func Builtins() []Entry {
	var out []Entry
	for _, name := range builtinNames() {
		data, _ := BuiltinSource(name)
		out = append(out, Entry{Name: name, Description: summary(data)})
	}
	return out
}

// BuiltinSource returns the YAML source of the built-in scenario called
// name (without ".yaml"), and whether there is one.
func BuiltinSource(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return nil, false
	}
	data, err := library.ReadFile(path.Join("library", name+".yaml"))
	if err != nil {
		return nil, false
	}
	return data, true
}

// builtinNames returns the names of the built-in scenarios, sorted.
func builtinNames() []string {
	files, _ := fs.Glob(library, "library/*.yaml")
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(path.Base(f), ".yaml")
	}
	slices.Sort(names)
	return names
}

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
