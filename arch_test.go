package parley

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the path of the parley module.
const module = "github.com/parley-sim/parley"

// layer says which parley packages the packages of one tree of the module
// may import. A tree is a package path relative to the module ("" for the
// root package) and every package below it; the most specific tree that
// holds a package gives its rule.
type layer struct {
	tree string
	// may lists the trees the layer may import; "*" means any package of
	// the module.
	may []string
	// why is the rule in words, for the failure message.
	why string
}

// layers is the import rule of the module (see the package doc and the
// README's "Layout").
var layers = []layer{
	{tree: "", may: nil, why: "the root package holds the module's doc and imports no parley package"},
	{tree: "cmd", may: []string{"*"}, why: "the command may wire every package"},
	{tree: "sim", may: []string{"sim/stats"}, why: "sim imports no parley package but the leaf sim/stats"},
	{tree: "sim/stats", may: nil, why: "sim/stats is a leaf: it imports no parley package"},
	{tree: "agents", may: []string{"agents", "sim"}, why: "agents import sim (and sim/stats) only"},
	{tree: "scenarios", may: []string{"scenarios", "agents", "sim"}, why: "scenarios import agents and sim (and sim/stats) only"},
	{tree: "results", may: []string{"results", "sim"}, why: "results and its subpackages import sim (and sim/stats), never agents, scenarios or cmd"},
	{tree: "results/metric", may: nil, why: "results/metric is a leaf: the metric table imports no parley package, so that every package of results can import it"},
}

// testOnly are the trees only tests may import.
var testOnly = []string{"results/internal/fixture"}

// inTree reports whether the package rel (relative to the module) is
// tree or below it.
func inTree(rel, tree string) bool {
	return tree == "" && rel == "" || tree != "" && (rel == tree || strings.HasPrefix(rel, tree+"/"))
}

// layerOf returns the most specific layer whose tree holds rel.
func layerOf(rel string) (layer, bool) {
	var best layer
	found := false
	for _, l := range layers {
		if inTree(rel, l.tree) && (!found || len(l.tree) > len(best.tree)) {
			best, found = l, true
		}
	}
	return best, found
}

// violations returns, for a graph of the module's packages (each path
// relative to the module, "" for the root, with the paths it imports, any
// module), one error per import that breaks the rule, in the order of the
// packages and their imports, each naming the package, the import and
// the rule. A package outside every layer is an error too, so that a new
// top-level tree gets a rule before it gets code, and so is a package that
// imports a tree only tests may import.
func violations(graph map[string][]string) []error {
	var out []error
	for _, pkg := range slices.Sorted(maps.Keys(graph)) {
		l, ok := layerOf(pkg)
		if !ok {
			out = append(out, fmt.Errorf("%s: not in the layout of the module; give its tree a layer in arch_test.go and the README", show(pkg)))
			continue
		}
		for _, imp := range graph[pkg] {
			rel, ours := strings.CutPrefix(imp, module)
			if !ours || rel != "" && !strings.HasPrefix(rel, "/") {
				continue // the standard library or another module
			}
			rel = strings.TrimPrefix(rel, "/")
			switch {
			case slices.ContainsFunc(testOnly, func(t string) bool { return inTree(rel, t) }):
				out = append(out, fmt.Errorf("%s imports %s: only tests may import it", show(pkg), show(rel)))
			case !allowed(l, rel):
				out = append(out, fmt.Errorf("%s imports %s: %s", show(pkg), show(rel), l.why))
			}
		}
	}
	return out
}

// allowed says whether a package of layer l may import the module's
// package rel. A layer that may import sim may import its leaf sim/stats,
// and nothing else under sim.
func allowed(l layer, rel string) bool {
	for _, t := range l.may {
		switch {
		case t == "*":
			return true
		case t == "sim":
			if rel == "sim" || rel == "sim/stats" {
				return true
			}
		case inTree(rel, t):
			return true
		}
	}
	return false
}

// show names a package relative to the module for messages.
func show(rel string) string {
	if rel == "" {
		return "the root package"
	}
	return rel
}

// moduleGraph lists the packages of the module with their imports, by
// go list run in the module's root (the folder of this test).
func moduleGraph(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	graph := map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("reading go list's output: %v", err)
		}
		rel, ok := strings.CutPrefix(p.ImportPath, module)
		if !ok {
			t.Fatalf("go list names %s, outside the module %s", p.ImportPath, module)
		}
		graph[strings.TrimPrefix(rel, "/")] = p.Imports
	}
	return graph
}

// TestImportRule checks every package of the module against the rule and
// names each offending import.
func TestImportRule(t *testing.T) {
	graph := moduleGraph(t)
	for _, want := range []string{"sim", "sim/stats", "agents", "scenarios", "results", "results/chart", "results/narrate", "results/report", "cmd/parley"} {
		if _, ok := graph[want]; !ok {
			t.Errorf("go list does not list %s: the test reads the wrong graph", want)
		}
	}
	for _, err := range violations(graph) {
		t.Error(err)
	}
}

// TestViolations checks the rule itself on hand-made graphs: what it
// allows, and that it names each import that breaks it.
func TestViolations(t *testing.T) {
	m := func(rel string) string { return module + "/" + rel }
	for _, c := range []struct {
		name  string
		graph map[string][]string
		want  []string // the errors, in order
	}{
		{
			name: "the module as laid out",
			graph: map[string][]string{
				"":                 nil,
				"sim":              {"fmt", m("sim/stats")},
				"sim/stats":        {"math", "gonum.org/v1/gonum/stat"},
				"agents":           {m("sim"), m("sim/stats")},
				"scenarios":        {m("agents"), m("sim"), m("scenarios/internal/poserr"), m("scenarios/genius")},
				"scenarios/genius": {m("agents"), m("sim"), m("scenarios/internal/poserr")},
				"results":          {m("sim"), m("sim/stats"), m("results/chart"), m("results/narrate"), m("results/atomicfile")},
				"results/chart":    {m("sim"), m("sim/stats"), m("results/sweep"), m("results/narrate")},
				"results/report":   {m("results"), m("results/chart")},
				"cmd/parley":       {m("agents"), m("scenarios"), m("results"), m("results/report"), m("sim")},
			},
		},
		{
			name: "charts that read scenarios, an engine that records",
			graph: map[string][]string{
				"sim":           {m("sim/stats"), m("results")},
				"results/chart": {m("sim"), m("scenarios"), m("agents")},
			},
			want: []string{
				"results/chart imports scenarios: results and its subpackages import sim (and sim/stats), never agents, scenarios or cmd",
				"results/chart imports agents: results and its subpackages import sim (and sim/stats), never agents, scenarios or cmd",
				"sim imports results: sim imports no parley package but the leaf sim/stats",
			},
		},
		{
			name: "a leaf that is not one, agents above their station",
			graph: map[string][]string{
				"sim/stats": {m("sim")},
				"agents":    {m("scenarios"), m("results/narrate")},
				"results":   {m("cmd/parley"), m("results/internal/fixture")},
			},
			want: []string{
				"agents imports scenarios: agents import sim (and sim/stats) only",
				"agents imports results/narrate: agents import sim (and sim/stats) only",
				"results imports cmd/parley: results and its subpackages import sim (and sim/stats), never agents, scenarios or cmd",
				"results imports results/internal/fixture: only tests may import it",
				"sim/stats imports sim: sim/stats is a leaf: it imports no parley package",
			},
		},
		{
			name: "a new tree without a rule, a root that imports",
			graph: map[string][]string{
				"":          {m("sim")},
				"tools/gen": {m("sim")},
				// Paths that only share a prefix with a tree are not in it.
				"simulate":   nil,
				"results2/x": nil,
			},
			want: []string{
				"the root package imports sim: the root package holds the module's doc and imports no parley package",
				"results2/x: not in the layout of the module; give its tree a layer in arch_test.go and the README",
				"simulate: not in the layout of the module; give its tree a layer in arch_test.go and the README",
				"tools/gen: not in the layout of the module; give its tree a layer in arch_test.go and the README",
			},
		},
		{
			name: "another module that shares the prefix is not ours",
			graph: map[string][]string{
				"sim": {module + "-extras/x", "github.com/parley-sim/parleyx"},
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, err := range violations(c.graph) {
				got = append(got, err.Error())
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
