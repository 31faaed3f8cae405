package genius

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
)

// Imported is a domain read from GENIUS or GeniusWeb files and converted
// to a parley scenario.
type Imported struct {
	// Domain is the domain as read.
	Domain *Domain
	// YAML is the converted, commented parley scenario.
	YAML []byte
	// Name is the scenario's name.
	Name string
	// Warnings are irregularities tolerated in the files (each an *Error
	// with file and position), files skipped in a folder, and what the
	// conversion changed.
	Warnings []error
}

// role is what a file is.
type role uint8

const (
	roleOther role = iota
	roleDomain
	roleProfile
	roleUnsupported // a profile of a kind parley does not import
)

// classified is a file with its format and role, found from its content.
type classified struct {
	File
	format Format
	role   role
	why    string // for roleOther and roleUnsupported: what the file is
	// errs are the parse errors of a file that is not well-formed XML or
	// JSON: a domain or profile with a syntax error, perhaps.
	errs ErrorList
}

// classify finds a file's format and role from its content: XML root
// negotiation_template (domain) or utility_space (profile; type absent or
// linear), JSON top-level key issuesValues (domain) or
// LinearAdditiveUtilitySpace (profile). A file that does not parse gets
// the format of its extension and roleOther.
func classify(f File) classified {
	c := classified{File: f, role: roleOther}
	body := bytes.TrimLeft(bytes.TrimPrefix(f.Data, []byte("\ufeff")), " \t\r\n")
	ext := strings.ToLower(filepath.Ext(f.Name))
	switch {
	case len(body) > 0 && body[0] == '{' || len(body) == 0 && ext == ".json":
		c.format = GeniusWebJSON
	case len(body) > 0 && body[0] == '<' || ext == ".xml":
		c.format = GeniusXML
	default:
		c.why = "neither XML nor JSON"
		return c
	}
	var dg diag
	if c.format == GeniusXML {
		x := parseXML(f.Name, f.Data, &dg)
		if x == nil {
			c.why, c.errs = "not well-formed XML", dg.errs
			return c
		}
		switch x.root.name {
		case "negotiation_template":
			c.role = roleDomain
		case "utility_space":
			c.role = roleProfile
			if t, ok := x.root.attr("type"); ok && !strings.EqualFold(t, "linear") {
				c.role, c.why = roleUnsupported, fmt.Sprintf("a GENIUS profile of type %s (parley imports linear profiles only)", q(t))
			}
		default:
			c.why = fmt.Sprintf("XML with root <%s>, neither a GENIUS domain nor a profile", x.root.name)
		}
		return c
	}
	j := parseJSON(f.Name, f.Data, &dg)
	switch {
	case j == nil:
		c.why, c.errs = "not valid JSON", dg.errs
	case j.root.kind != jObject:
		c.why = "JSON that is not an object"
	case j.root.get("issuesValues") != nil:
		c.role = roleDomain
	case j.root.get("LinearAdditiveUtilitySpace") != nil:
		c.role = roleProfile
	case len(j.root.keys) == 1 && (strings.HasSuffix(j.root.keys[0], "UtilitySpace") ||
		strings.HasSuffix(j.root.keys[0], "Ordering") || strings.HasSuffix(j.root.keys[0], "Profile")):
		c.role, c.why = roleUnsupported, fmt.Sprintf("a GeniusWeb profile of class %s (parley imports LinearAdditiveUtilitySpace only)", q(j.root.keys[0]))
	default:
		c.why = "JSON that is neither a GeniusWeb domain nor a profile"
	}
	return c
}

// Import reads a GENIUS or GeniusWeb domain and converts it to a parley
// scenario. paths is either one folder or three files.
//
// A folder must hold exactly one domain file; its profiles of the same
// format are taken in sorted file-name order, the first being party A and
// the second party B (further profiles are ignored with a warning; pass
// files to choose others). Files are recognised by content, not name:
// .xml and .json files that are neither a domain nor a linear profile
// (GENIUS pareto.xml, ANL specials.json, non-linear profiles) are skipped
// with a warning, files with other extensions silently.
//
// Three files are a domain file and the profiles of party A and party B, in
// that order; the domain is recognised by content wherever it stands, the
// profiles keep their order. The format is found from the content (an
// unreadable file from its extension).
//
// Mistakes in the files are returned as an ErrorList of positioned *Error,
// mistakes in the paths (one that does not exist, wrapping fs.ErrNotExist)
// or in opt as a *Error. A failure to read a file or folder (permission
// denied, an I/O error) is returned wrapped as it comes and is neither, so
// that errors.As tells bad input from a failure worth retrying. An
// unreadable .xml or .json file in a folder is such a failure, since it
// might be one of the profiles.
func Import(paths []string, opt Options) (*Imported, error) {
	opt, err := opt.resolve()
	if err != nil {
		return nil, err
	}
	var (
		dom, a, b classified
		warns     []error
		folder    string
	)
	switch len(paths) {
	case 1:
		fi, err := os.Stat(paths[0])
		if err != nil {
			return nil, statError(paths[0], err)
		}
		if !fi.IsDir() {
			return nil, &Error{File: paths[0], Msg: "a file, not a folder: give a folder, or a domain file and two profile files"}
		}
		folder = paths[0]
		dom, a, b, warns, err = scanFolder(folder)
		if err != nil {
			return nil, err
		}
	case 3:
		var cs [3]classified
		for i, p := range paths {
			f, err := ReadFile(p)
			if err != nil {
				return nil, err
			}
			cs[i] = classify(f)
		}
		di := 0
		for i, c := range cs {
			if c.role == roleDomain {
				di = i
				break
			}
		}
		dom = cs[di]
		rest := slices.Delete(slices.Clone(cs[:]), di, di+1)
		a, b = rest[0], rest[1]
	default:
		return nil, &Error{Msg: fmt.Sprintf("got %d paths: give a folder, or a domain file and two profile files", len(paths))}
	}

	var (
		dg diag
		d  *Domain
	)
	if dom.format == GeniusWebJSON {
		d = readGeniusWeb(dom.File, a.File, b.File, &dg)
	} else {
		d = readGenius(dom.File, a.File, b.File, opt.RealSteps, &dg)
	}
	if err := dg.err(); err != nil {
		return nil, err
	}
	d.Warnings = dg.warnings
	if opt.Name == "" {
		if folder != "" {
			opt.Name = scenarioName(filepath.Base(filepath.Clean(folder)))
		} else {
			opt.Name = scenarioName(baseName(dom.Name))
		}
	}
	y, ywarns, err := d.YAML(opt)
	if err != nil {
		return nil, err
	}
	all := append(append(warns, d.Warnings...), ywarns...)
	return &Imported{Domain: d, YAML: y, Name: opt.Name, Warnings: all}, nil
}

// scanFolder finds the domain file and the first two profiles of its
// format in folder.
func scanFolder(folder string) (dom, a, b classified, warns []error, err error) {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return dom, a, b, nil, statError(folder, err)
	}
	var domains, profiles, broken []classified
	for _, e := range entries { // os.ReadDir sorts by name
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if ext != ".xml" && ext != ".json" {
			continue
		}
		path := filepath.Join(folder, e.Name())
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue // a dangling symbolic link
		case err != nil:
			return dom, a, b, warns, fmt.Errorf("genius: %w", err)
		case !fi.Mode().IsRegular():
			continue
		}
		f, err := ReadFile(path)
		var tooLarge *Error
		switch {
		case errors.As(err, &tooLarge):
			warns = append(warns, fmt.Errorf("genius: skipped %s: %w", poserr.Name(path), err))
			continue
		case err != nil:
			// A file that cannot be read might be a profile: going on
			// without it could pick the wrong two.
			return dom, a, b, warns, err
		}
		c := classify(f)
		switch c.role {
		case roleDomain:
			domains = append(domains, c)
		case roleProfile:
			profiles = append(profiles, c)
		default:
			why := c.why
			if len(c.errs) > 0 {
				broken = append(broken, c)
				why += " (" + c.errs[0].Error() + ")"
			}
			warns = append(warns, fmt.Errorf("genius: skipped %s: %s", poserr.Name(path), why))
		}
	}
	// missing reports what the folder lacks, followed by the errors of the
	// files of format f (any format when f is "") that do not parse, which
	// might be what is missing.
	missing := func(f Format, msg string) ErrorList {
		var suspects []classified
		for _, c := range broken {
			if f == "" || c.format == f {
				suspects = append(suspects, c)
			}
		}
		if len(suspects) == 0 {
			return ErrorList{{File: folder, Msg: msg}}
		}
		out := ErrorList{{File: folder, Msg: fmt.Sprintf("%s; %s that might be one %s not parse (errors follow)",
			msg, numtext.Count(len(suspects), "file"), map[bool]string{true: "does", false: "do"}[len(suspects) == 1])}}
		for _, c := range suspects {
			out = append(out, c.errs...)
		}
		return out
	}
	switch len(domains) {
	case 0:
		return dom, a, b, warns, missing("", "holds no GENIUS or GeniusWeb domain file (XML with root <negotiation_template>, or JSON with issuesValues)")
	case 1:
		dom = domains[0]
	default:
		names := make([]string, len(domains))
		for i, c := range domains {
			names[i] = poserr.Name(filepath.Base(c.Name))
		}
		return dom, a, b, warns, &Error{File: folder, Msg: fmt.Sprintf("holds %d domain files (%s): give the domain file and two profile files instead", len(domains), strings.Join(names, ", "))}
	}
	var same []classified
	for _, c := range profiles {
		if c.format == dom.format {
			same = append(same, c)
		} else {
			warns = append(warns, fmt.Errorf("genius: skipped %s: a profile in another format than the domain", poserr.Name(c.Name)))
		}
	}
	if len(same) < 2 {
		return dom, a, b, warns, missing(dom.format, fmt.Sprintf("holds %d profile(s) for domain %s; two are needed", len(same), poserr.Name(filepath.Base(dom.Name))))
	}
	if len(same) > 2 {
		var names []string
		for _, c := range same[2:] {
			names = append(names, poserr.Name(filepath.Base(c.Name)))
		}
		warns = append(warns, fmt.Errorf("genius: %s: took the first two profiles in name order, %s and %s; ignored %s",
			poserr.Name(folder), poserr.Name(filepath.Base(same[0].Name)), poserr.Name(filepath.Base(same[1].Name)), strings.Join(names, ", ")))
	}
	return dom, same[0], same[1], warns, nil
}

// statError returns the error of looking at path: a *Error wrapping
// fs.ErrNotExist for a path that does not exist, a mistake in the input;
// the error itself, wrapped, for a failure of the system.
func statError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{File: path, Msg: "no such file or folder", Err: err}
	}
	return fmt.Errorf("genius: %w", err)
}
