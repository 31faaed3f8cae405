package genius

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"strconv"
)

// File is one input file: a name for messages and its contents.
type File struct {
	// Name names the file in messages and in the scenario's header.
	Name string
	// Data is the file's contents.
	Data []byte
}

// ReadFile reads the file at path, refusing one larger than MaxFileSize
// without reading more than MaxFileSize+1 bytes.
func ReadFile(path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, statError(path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return File{}, fmt.Errorf("genius: %w", err)
	}
	if len(data) > MaxFileSize {
		return File{}, &Error{File: path, Msg: fmt.Sprintf("file is larger than %d bytes", MaxFileSize), Err: ErrTooLarge}
	}
	return File{Name: path, Data: data}, nil
}

// ReadGenius reads a GENIUS XML domain file and the profile files of party
// A and party B, with GENIUS 10.4's semantics (see the package
// documentation). Only opt.RealSteps matters here; zero means
// DefaultRealSteps.
//
// Every mistake is reported at once, as an ErrorList of positioned
// *Error; tolerated irregularities are in Domain.Warnings.
func ReadGenius(domain, a, b File, opt Options) (*Domain, error) {
	steps, err := realSteps(opt)
	if err != nil {
		return nil, err
	}
	var dg diag
	d := readGenius(domain, a, b, steps, &dg)
	if err := dg.err(); err != nil {
		return nil, err
	}
	d.Warnings = dg.warnings
	return d, nil
}

func realSteps(opt Options) (int, error) {
	n := cmp.Or(opt.RealSteps, DefaultRealSteps)
	if n < 2 || n > MaxValues {
		return 0, &Error{Msg: fmt.Sprintf("options: real steps %d outside [2, %d]", n, MaxValues)}
	}
	return n, nil
}

func readGenius(domain, a, b File, steps int, dg *diag) *Domain {
	df := parseXML(domain.Name, domain.Data, dg)
	af := parseXML(a.Name, a.Data, dg)
	bf := parseXML(b.Name, b.Data, dg)
	if df == nil {
		return nil
	}
	gd := readGeniusDomain(df, steps, dg)
	if gd == nil {
		return nil
	}
	var profs [2]*Profile
	for i, f := range []*xmlFile{af, bf} {
		if f != nil {
			profs[i] = readGeniusProfile(f, gd, dg)
		}
	}
	if profs[0] == nil || profs[1] == nil {
		return nil
	}
	d := &Domain{Name: gd.name, Format: GeniusXML, Files: [3]string{domain.Name, a.Name, b.Name},
		Issues: make([]Issue, len(gd.issues)), RealSteps: steps}
	for i, is := range gd.issues {
		d.Issues[i] = is.Issue
	}
	d.Profiles = [2]Profile{*profs[0], *profs[1]}
	d.assignIDs()
	return d
}

// ReadGeniusWeb reads a GeniusWeb JSON domain file and the
// LinearAdditiveUtilitySpace profile files of party A and party B, with
// GeniusWeb's semantics (see the package documentation). opt is not used
// yet; it is there for symmetry with ReadGenius.
//
// Every mistake is reported at once, as an ErrorList of positioned
// *Error; tolerated irregularities are in Domain.Warnings.
func ReadGeniusWeb(domain, a, b File, opt Options) (*Domain, error) {
	var dg diag
	d := readGeniusWeb(domain, a, b, &dg)
	if err := dg.err(); err != nil {
		return nil, err
	}
	d.Warnings = dg.warnings
	return d, nil
}

func readGeniusWeb(domain, a, b File, dg *diag) *Domain {
	df := parseJSON(domain.Name, domain.Data, dg)
	af := parseJSON(a.Name, a.Data, dg)
	bf := parseJSON(b.Name, b.Data, dg)
	if df == nil {
		return nil
	}
	wd := readGeniusWebDomain(df.root, df.pm, dg)
	if wd == nil {
		return nil
	}
	var profs [2]*Profile
	for i, f := range []*jsonFile{af, bf} {
		if f != nil {
			profs[i] = readGeniusWebProfile(f, wd, dg)
		}
	}
	if profs[0] == nil || profs[1] == nil {
		return nil
	}
	d := &Domain{Name: wd.name, Format: GeniusWebJSON, Files: [3]string{domain.Name, a.Name, b.Name},
		Issues: make([]Issue, len(wd.issues))}
	for i, is := range wd.issues {
		d.Issues[i] = is.Issue
	}
	d.Profiles = [2]Profile{*profs[0], *profs[1]}
	for p := range d.Profiles {
		if bid := d.Profiles[p].ReservationBid; bid != nil {
			d.Profiles[p].Reservation = d.Utility(p, bid, Native)
		}
	}
	d.assignIDs()
	return d
}

// assignIDs gives the issues and discrete values their ids in the parley
// scenario.
func (d *Domain) assignIDs() {
	names := make([]string, len(d.Issues))
	for i, is := range d.Issues {
		names[i] = is.Name
	}
	ids := uniqueIDs(names, '_', func(i int) string { return "issue_" + strconv.Itoa(i+1) })
	for i := range d.Issues {
		is := &d.Issues[i]
		is.ID = ids[i]
		if is.Type == Discrete {
			is.ValueIDs = uniqueIDs(is.Values, '_', func(j int) string { return "v" + strconv.Itoa(j+1) })
		}
	}
}
