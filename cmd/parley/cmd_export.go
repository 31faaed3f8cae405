package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/scenarios/genius"
)

const exportUsage = `Usage: parley export SCENARIO --format genius|geniusweb -o DIR [--force] [--set PATH=VALUE]...

Write SCENARIO (a YAML file, or the name of a built-in scenario) as a
negotiation domain of another platform, into the folder DIR: a domain file
and one linear additive profile per party, to take the scenario to GENIUS,
GeniusWeb or NegMAS. 'parley import DIR' (with the scenario's deadline)
reads the files back as the same outcomes and utilities; 'parley run DIR'
runs them directly.

  --format genius     GENIUS XML (also read by NegMAS): DIR/NAME-domain.xml,
                      DIR/a-PARTY.xml, DIR/b-PARTY.xml
  --format geniusweb  GeniusWeb JSON: DIR/NAME-domain.json,
                      DIR/a-PARTY.json, DIR/b-PARTY.json

What a format cannot state is an error (exit code 2): in GENIUS XML an issue
whose best value is worth less than 1 to a party (GENIUS divides each
evaluation by the issue's largest); in GeniusWeb JSON a reservation value
that no bid is worth (GeniusWeb states it as a reservation bid). What the
files leave out (strategies, protocol and deadline, costs, breakdown,
perception, the facilitator, and in GeniusWeb the discount) is a warning,
and so are a numeric range written as discrete values and uncertain fields,
which are written at their nominal values. scenarios/genius/README.md
describes both formats and the mapping.

Flags:
  --format F        genius or geniusweb (required)
  -o DIR            the folder to write into (required); created if missing,
                    refused if it holds anything, unless --force
  --force           write into a folder that is not empty, replacing files
                    of the same names
  --set PATH=VALUE  override a scenario field before exporting (repeatable)

Examples:
  parley export used-car --format geniusweb -o used-car-geniusweb
  parley import used-car-geniusweb --deadline 10 --strategy-a boulware --strategy-b linear -o used-car-back.yaml
  parley export single-text --format genius -o single-text-genius
`

// exportFormats maps --format to the package's formats.
var exportFormats = map[string]genius.Format{"genius": genius.GeniusXML, "geniusweb": genius.GeniusWebJSON}

func cmdExport(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("export", exportUsage, e.stdout)
	format := fs.String("format", "", "")
	out := fs.String("o", "", "")
	force := fs.Bool("force", false, "")
	var sets listFlag
	fs.Var(&sets, "set", "")
	pos, err := parseFlags(fs, args, exportUsage, e.stdout)
	if err != nil {
		return err
	}
	f, ok := exportFormats[*format]
	switch {
	case len(pos) != 1:
		return usagef("export: want exactly one SCENARIO (run 'parley help export')")
	case *format == "":
		return usagef("export: --format is required: genius or geniusweb")
	case !ok:
		return usagef("export: --format %q: want genius or geniusweb", *format)
	case *out == "":
		return usagef("export: -o DIR is required")
	}
	sc, err := loadScenario(ctx, pos[0], sets)
	if err != nil {
		return reportInput(e, err)
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	if len(sc.Assumptions) > 0 {
		paths := make([]string, len(sc.Assumptions))
		for i, a := range sc.Assumptions {
			paths[i] = a.Path
		}
		fmt.Fprintf(e.stderr, "parley: warning: %s: the uncertain fields are written at their nominal values (a number at its median, a choice at its most probable value), since the formats hold one value each: %s\n",
			sc.Source, strings.Join(paths, ", "))
	}
	ex, err := genius.Export(sc.Negotiation, genius.ExportOptions{Format: f, Source: sc.Source})
	if err != nil {
		return reportInput(e, err)
	}
	others, err := exportFolder(*out, *force, ex.Files)
	if err != nil {
		return err
	}
	for _, w := range ex.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	if len(others) > 0 {
		fmt.Fprintf(e.stderr, "parley: warning: %s also holds %s: 'parley import %s' looks at every XML or JSON file in it\n",
			*out, strings.Join(others, ", "), *out)
	}
	for _, file := range ex.Files {
		path := filepath.Join(*out, file.Name)
		if err := atomicfile.WriteFile(path, func(w io.Writer) error { _, err := w.Write(file.Data); return err }); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintln(e.stdout, path)
	}
	return nil
}

// exportFolder makes dir ready for the files: created if missing, refused
// (bad input) if it is not a folder, or holds anything and force is off.
// With force it returns the XML and JSON files already there that the
// export does not replace, which an import of the folder would also read.
func exportFolder(dir string, force bool, files [3]genius.File) ([]string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		return nil, nil
	case err != nil:
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return nil, &badInput{err: fmt.Errorf("export: %s is a file, not a folder", dir)}
		}
		return nil, fmt.Errorf("export: %w", err)
	case len(entries) > 0 && !force:
		return nil, &badInput{err: fmt.Errorf("export: %s is not empty (it holds %s): give a new or empty folder, or --force to write into it", dir, entries[0].Name())}
	}
	var others []string
	for _, en := range entries {
		name := en.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if (ext == ".xml" || ext == ".json") && !slices.ContainsFunc(files[:], func(f genius.File) bool { return f.Name == name }) {
			others = append(others, name)
		}
	}
	return others, nil
}
