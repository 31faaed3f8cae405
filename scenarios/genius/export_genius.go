package genius

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
)

// This file writes a Domain as GENIUS XML: a domain file (root
// negotiation_template) and one linear additive profile per party (root
// utility_space), in the layout of GENIUS's own templates. Only what
// GENIUS 10.4 reads is written, plus decorative attributes its templates
// carry (etype, vtype, description). Comments appear only before the root
// element: GENIUS's parser skips them there and nowhere else.

// xw builds an XML file.
type xw struct{ b strings.Builder }

func (w *xw) line(indent int, s string) {
	w.b.WriteString(strings.Repeat("\t", indent))
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

// xmlAttrEscaper escapes what an attribute value in double quotes cannot
// hold. GENIUS does not decode entities, so a label with one of these
// characters shows its entity in GENIUS (parley, NegMAS and every
// conforming parser decode it); GENIUS matches values by the string as
// written in both files, so its utilities are not affected.
var xmlAttrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// attr writes name="value" with value escaped.
func attr(name, value string) string {
	return name + `="` + xmlAttrEscaper.Replace(value) + `"`
}

// xmlComment makes s safe inside an XML comment, which may not hold "--".
func xmlComment(s string) string {
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "- -")
	}
	return strings.TrimSuffix(s, "-")
}

// encodeGenius writes d as GENIUS XML files named d.Files (base names).
// Discrete issues list their values; integer issues give their bounds and,
// in each profile, a linear evaluator through the first and last points'
// evaluations. Real and number issues are not written (Export never makes
// them for GENIUS).
func (d *Domain) encodeGenius() ([3]File, error) {
	var files [3]File
	for _, is := range d.Issues {
		if is.Type != Discrete && is.Type != Integer {
			return files, fmt.Errorf("genius: issue %q: a %s issue is not written to GENIUS XML", is.Name, is.Type)
		}
	}
	w := &xw{}
	w.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	w.line(0, "<!-- "+xmlComment(fmt.Sprintf("Domain of the parley scenario %q, written by parley export (GENIUS XML). Profiles: %s (party A), %s (party B).", d.Name, d.Files[1], d.Files[2]))+" -->")
	w.line(0, "<negotiation_template>")
	w.line(1, "<utility_space>")
	w.line(2, "<objective "+attr("index", "0")+` etype="objective" type="objective" description="" `+attr("name", d.Name)+">")
	for _, is := range d.Issues {
		if is.Type == Integer {
			w.line(3, d.geniusIssue(is)+"></issue>")
			continue
		}
		w.line(3, d.geniusIssue(is)+">")
		for j, v := range is.Values {
			w.line(4, "<item "+attr("index", strconv.Itoa(j+1))+" "+attr("value", v)+" "+attr("description", is.ValueIDs[j])+"></item>")
		}
		w.line(3, "</issue>")
	}
	w.line(2, "</objective>")
	w.line(1, "</utility_space>")
	w.line(0, "</negotiation_template>")
	files[0] = File{Name: d.Files[0], Data: []byte(w.b.String())}
	for p := range 2 {
		files[p+1] = File{Name: d.Files[p+1], Data: d.geniusProfile(p)}
	}
	return files, nil
}

// geniusIssue returns the opening tag of an issue, without its ">".
func (d *Domain) geniusIssue(is Issue) string {
	t := is.Type.String()
	s := "<issue " + attr("index", strconv.Itoa(is.Index)) + " " + attr("etype", t) + " " + attr("type", t) + " " + attr("vtype", t) + " " + attr("name", is.Name)
	if is.Type == Integer {
		s += " " + attr("lowerbound", numtext.Decimal(is.Min)) + " " + attr("upperbound", numtext.Decimal(is.Max))
	}
	return s
}

// integerLine returns the slope and offset of the line through the first
// and last evaluations of an integer issue of n points from its lower
// bound: GENIUS evaluates point k as offset + slope·k.
func integerLine(evals []float64) (slope, offset float64) {
	n := len(evals) - 1
	if n < 1 {
		return 0, evals[0]
	}
	return (evals[n] - evals[0]) / float64(n), evals[0]
}

// geniusProfile writes party p's profile.
func (d *Domain) geniusProfile(p int) []byte {
	pr := &d.Profiles[p]
	w := &xw{}
	w.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	w.line(0, "<!-- "+xmlComment(fmt.Sprintf("Profile of party %c of the parley scenario %q, written by parley export (GENIUS XML). Domain: %s.", 'A'+p, d.Name, d.Files[0]))+" -->")
	w.line(0, "<utility_space>")
	w.line(1, "<objective "+attr("index", "0")+` etype="objective" type="objective" description="" `+attr("name", d.Name)+">")
	for i, is := range d.Issues {
		w.line(2, d.geniusIssue(is)+">")
		if is.Type == Integer {
			slope, offset := integerLine(pr.Evals[i])
			w.line(3, `<evaluator ftype="linear" `+attr("slope", numtext.Shortest(slope))+" "+attr("offset", numtext.Shortest(offset))+"></evaluator>")
		} else {
			for j, v := range is.Values {
				w.line(3, "<item "+attr("index", strconv.Itoa(j+1))+" "+attr("value", v)+" "+attr("evaluation", numtext.Shortest(pr.Evals[i][j]))+"></item>")
			}
		}
		w.line(2, "</issue>")
	}
	for i, is := range d.Issues {
		w.line(2, "<weight "+attr("index", strconv.Itoa(is.Index))+" "+attr("value", numtext.Shortest(pr.Weights[i]))+"></weight>")
	}
	w.line(1, "</objective>")
	w.line(1, "<reservation "+attr("value", numtext.Shortest(pr.Reservation))+"></reservation>")
	if pr.Discount < 1 {
		w.line(1, "<discount_factor "+attr("value", numtext.Shortest(pr.Discount))+"></discount_factor>")
	}
	w.line(0, "</utility_space>")
	return []byte(w.b.String())
}
