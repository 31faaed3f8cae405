package genius

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
)

// quote writes s as a YAML double-quoted scalar. Go's escapes (\n, \t,
// \", \\, \uXXXX, \UXXXXXXXX, …) are all valid in YAML double-quoted
// scalars, and every character Go leaves unescaped is printable in YAML.
func quote(s string) string { return strconv.Quote(s) }

// commentText makes s safe inside a YAML comment: one line, no control or
// line-breaking characters (quoted with escapes when it has any).
func commentText(s string) string {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || !unicode.IsPrint(r) && r != ' ' {
			return strconv.Quote(s)
		}
	}
	return s
}

// yw builds the scenario text.
type yw struct{ b strings.Builder }

func (w *yw) line(indent int, s string) {
	w.b.WriteString(strings.Repeat("  ", indent))
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

// linec writes a line with a trailing comment (omitted when empty).
func (w *yw) linec(indent int, s, comment string) {
	if comment != "" {
		s += "  # " + commentText(comment)
	}
	w.line(indent, s)
}

// comment writes a comment line, wrapping nothing: callers keep lines short.
func (w *yw) comment(indent int, s string) {
	w.line(indent, "# "+commentText(s))
}

// PerRoundDiscount returns the per-round discount factor parley uses for a
// GENIUS discount factor d and a deadline of n rounds: d^(1/(n+1)), one
// step of GENIUS's clock. Under a deadline of n rounds GENIUS's round g
// (from 1) is at time t = g/(n+1) and a deal then is worth U·d^t; parley's
// round r (from 0) is GENIUS's round r+1 and a deal in it is worth U·δ^r =
// U·d^(r/(n+1)). So parley's discounted values follow GENIUS's clock
// round by round, started one round earlier: each is GENIUS's divided by
// d^(1/(n+1)), the discount GENIUS already applies in its first round.
func PerRoundDiscount(d float64, n int) float64 {
	if d >= 1 || n < 1 {
		return 1
	}
	return math.Pow(d, 1/float64(n+1))
}

// YAML writes the domain as a commented parley scenario (the schema of
// package scenarios), with opt choosing what the files do not say. Parsing
// the result with package scenarios gives the outcome space of Space and,
// for each party, the utilities of Additive: weights and evaluations are
// written in their shortest exact form (strconv 'g', -1), numeric issues as
// min/max/step ranges with a table giving every point's value.
//
// It returns the scenario and warnings about what the conversion changes
// (weights divided by their sum, discount factors mapped per round).
func (d *Domain) YAML(opt Options) ([]byte, []error, error) {
	opt, err := opt.resolve()
	if err != nil {
		return nil, nil, err
	}
	name := cmp.Or(opt.Name, scenarioName(baseName(d.Files[0])))
	var warns []error
	warn := func(format string, args ...any) {
		warns = append(warns, fmt.Errorf("genius: "+format, args...))
	}
	w := &yw{}
	d.header(w, opt)
	w.line(0, "name: "+name)
	w.line(0, "description: "+quote(d.description()))
	w.line(0, "runs: "+strconv.Itoa(opt.Runs))
	w.line(0, "seed: "+strconv.FormatUint(opt.Seed, 10))
	w.line(0, "issues:")
	for _, is := range d.Issues {
		d.writeIssue(w, &is)
	}
	w.line(0, "parties:")
	pids := d.partyIDs()
	for p := range d.Profiles {
		d.writeParty(w, p, pids[p], opt, warn)
	}
	w.line(0, "protocol:")
	w.line(1, "type: alternating")
	w.line(1, "deadline: "+strconv.Itoa(opt.Deadline))
	out := []byte(w.b.String())
	if len(out) > MaxYAMLSize {
		return nil, warns, &Error{File: d.Files[0], Msg: fmt.Sprintf("the scenario would be %d bytes, more than parley's limit of %d", len(out), MaxYAMLSize), Err: ErrTooLarge}
	}
	return out, warns, nil
}

// scenarioName turns a file or folder name into a scenario name.
func scenarioName(s string) string {
	return cmp.Or(slug(s, '-'), "imported")
}

// partyIDs returns the party ids: the profile names in lowercase letters,
// digits and underscores, distinct, never "random".
func (d *Domain) partyIDs() [2]string {
	names := []string{baseName(d.Profiles[0].File), baseName(d.Profiles[1].File)}
	ids := uniqueIDs(names, '_', func(i int) string { return string(rune('a' + i)) })
	for i, id := range ids {
		if id == "random" {
			ids[i] = "random_" + string(rune('a'+i))
		}
	}
	return [2]string{ids[0], ids[1]}
}

func (d *Domain) formatName() string {
	if d.Format == GeniusWebJSON {
		return "GeniusWeb JSON"
	}
	return "GENIUS XML"
}

func (d *Domain) description() string {
	kind := "GENIUS domain"
	if d.Format == GeniusWebJSON {
		kind = "GeniusWeb domain"
	}
	return fmt.Sprintf("%s %q (%s) with profiles %s and %s, converted by parley's importer.",
		kind, d.Name, poserr.Name(filepath.Base(d.Files[0])), poserr.Name(filepath.Base(d.Files[1])), poserr.Name(filepath.Base(d.Files[2])))
}

// header writes the comment block that says where the scenario came from
// and how it was converted.
func (d *Domain) header(w *yw, opt Options) {
	w.comment(0, "Converted by parley's importer (package scenarios/genius) from "+d.formatName()+":")
	w.comment(0, fmt.Sprintf("  domain:  %s (domain %q)", filepath.Base(d.Files[0]), d.Name))
	w.comment(0, fmt.Sprintf("  party A: %s (profile %q)", filepath.Base(d.Files[1]), d.Profiles[0].Name))
	w.comment(0, fmt.Sprintf("  party B: %s (profile %q)", filepath.Base(d.Files[2]), d.Profiles[1].Name))
	w.comment(0, fmt.Sprintf("%s, %s.", numtext.Count(len(d.Issues), "issue"), numtext.Count(d.Size(), "outcome")))
	if d.Format == GeniusXML {
		w.comment(0, "Utilities follow GENIUS 10.4: a discrete value is worth its evaluation")
		w.comment(0, "divided by the largest evaluation of its issue; integer and real")
		w.comment(0, "evaluators are clipped to [0, 1] and written as tables of every point;")
		w.comment(0, fmt.Sprintf("real issues are enumerated on %d evenly spaced points, bounds included.", d.RealSteps))
		w.comment(0, "Weights are as written when they sum to 1 (within 1e-9), otherwise divided")
		w.comment(0, "by their sum (GENIUS uses them as written and caps utility at 1).")
		w.comment(0, fmt.Sprintf("Discount: GENIUS multiplies a deal in its round g (from 1) by d^(g/%d) under", opt.Deadline+1))
		w.comment(0, fmt.Sprintf("the %d-round deadline; parley discounts per round, by d^(1/%d) here, so", opt.Deadline, opt.Deadline+1))
		w.comment(0, fmt.Sprintf("a deal in parley's round r (from 0, GENIUS's r+1) is worth d^(r/%d):", opt.Deadline+1))
		w.comment(0, fmt.Sprintf("GENIUS's clock, one round earlier (GENIUS's value divided by d^(1/%d)).", opt.Deadline+1))
		w.comment(0, "A deadline changed with --set keeps this factor: re-import with another one.")
		w.comment(0, "Reservation values are GENIUS's (0 when absent); parley does not discount them.")
	} else {
		w.comment(0, "Utilities follow GeniusWeb: value utilities as given (number issues:")
		w.comment(0, "interpolated and rounded to 8 decimals, written as tables of every point);")
		w.comment(0, "weights as written when they sum to 1 (within 1e-9), otherwise divided")
		w.comment(0, "by their sum. A party's reservation value is the utility of its")
		w.comment(0, "reservationBid (0 without one). GeniusWeb profiles have no discount.")
	}
	w.comment(0, "Not in the files, chosen at import: strategies, deadline, runs and seed.")
}

// linear writes a·x + b with the sign of b in front of it.
func linear(a, b float64, x string) string {
	if b < 0 {
		return fmt.Sprintf("%s·%s − %s", numtext.Shortest(a), x, numtext.Shortest(-b))
	}
	return fmt.Sprintf("%s·%s + %s", numtext.Shortest(a), x, numtext.Shortest(b))
}

// writeIssue writes one issue.
func (d *Domain) writeIssue(w *yw, is *Issue) {
	w.line(1, "- id: "+quote(is.ID))
	w.line(2, "label: "+quote(is.Name))
	switch is.Type {
	case Discrete:
		w.line(2, "options:")
		for j, v := range is.Values {
			w.line(3, fmt.Sprintf("- {id: %s, label: %s}", quote(is.ValueIDs[j]), quote(v)))
		}
	default:
		what := map[IssueType]string{
			Integer: fmt.Sprintf("integer issue from %s to %s", numtext.Shortest(is.Min), numtext.Shortest(is.Max)),
			Real:    fmt.Sprintf("real issue from %s to %s, enumerated on %d points", numtext.Shortest(is.Min), numtext.Shortest(is.Max), len(is.Numbers)),
			Number:  fmt.Sprintf("number issue from %s to %s in steps of %s", numtext.Shortest(is.Min), numtext.Shortest(is.Max), numtext.Shortest(is.Step)),
		}[is.Type]
		w.linec(2, "min: "+numtext.Shortest(is.Min), what)
		w.line(2, "max: "+numtext.Shortest(is.Max))
		w.line(2, "step: "+numtext.Shortest(is.Step))
	}
}

// writeParty writes party p.
func (d *Domain) writeParty(w *yw, p int, id string, opt Options, warn func(string, ...any)) {
	pr := &d.Profiles[p]
	w.line(1, quote(id)+":")
	w.line(2, "label: "+quote(pr.Name))
	rv := d.Reservation(p, Parley)
	rvNote := ""
	switch {
	case pr.ReservationBid != nil:
		rvNote = "utility of the reservation bid " + d.bidText(pr.ReservationBid)
	case d.Format == GeniusXML:
		rvNote = "GENIUS reservation value"
	}
	w.linec(2, "reservation: "+numtext.Shortest(rv), rvNote)
	delta := PerRoundDiscount(pr.Discount, opt.Deadline)
	dNote := ""
	if pr.Discount < 1 {
		dNote = fmt.Sprintf("GENIUS discount factor %s = %s^(1/%d) per round, GENIUS's clock for %d rounds", numtext.Shortest(pr.Discount), numtext.Shortest(pr.Discount), opt.Deadline+1, opt.Deadline)
	}
	w.linec(2, "discount: "+numtext.Shortest(delta), dNote)

	weights := d.Weights(p, Parley)
	sum := 0.0
	for _, x := range pr.Weights {
		sum += x
	}
	normalised := math.Abs(sum-1) > weightSumTolerance
	if normalised {
		w.linec(2, "weights:", fmt.Sprintf("the file's weights sum to %s; each is divided by that sum", numtext.Shortest(sum)))
		if d.Format == GeniusXML {
			warn("%s: weights sum to %s, not 1: the scenario divides each by the sum (GENIUS uses them as written and caps utility at 1), so its utilities are GENIUS's divided by %s, except where GENIUS caps them", pr.File, numtext.Shortest(sum), numtext.Shortest(sum))
		} else {
			warn("%s: weights sum to %s, not 1: the scenario divides each by the sum", pr.File, numtext.Shortest(sum))
		}
	} else {
		w.line(2, "weights:")
	}
	for i, is := range d.Issues {
		note := ""
		if normalised {
			note = "file: " + numtext.Shortest(pr.Weights[i])
		}
		w.linec(3, quote(is.ID)+": "+numtext.Shortest(weights[i]), note)
	}
	w.line(2, "values:")
	for i, is := range d.Issues {
		w.linec(3, quote(is.ID)+":", pr.Notes[i])
		ev := pr.Evals[i]
		if is.Type == Discrete {
			for j, v := range is.Values {
				note := ""
				if v != is.ValueIDs[j] {
					note = v
				}
				if pr.RawEvals != nil && pr.RawEvals[i] != nil {
					if note == "" {
						note = "evaluation " + pr.RawEvals[i][j]
					} else {
						note += ": evaluation " + pr.RawEvals[i][j]
					}
				}
				w.linec(4, quote(is.ValueIDs[j])+": "+numtext.Shortest(ev[j]), note)
			}
			continue
		}
		w.line(4, "table:")
		for j, x := range is.Numbers {
			w.line(5, numtext.Shortest(x)+": "+numtext.Shortest(ev[j]))
		}
	}
	w.line(2, fmt.Sprintf("strategy: {type: %s}", quote(opt.Strategy[p])))
	if pr.Discount < 1 {
		warn("%s: GENIUS discount factor %s becomes %s per round, one step of GENIUS's clock t = round/%d for the %d-round deadline; a change of deadline with --set keeps this factor", pr.File, numtext.Shortest(pr.Discount), numtext.Shortest(delta), opt.Deadline+1, opt.Deadline)
	}
}

// bidText lists a bid's values for comments.
func (d *Domain) bidText(bid []int) string {
	parts := make([]string, len(bid))
	for i, j := range bid {
		if j < 0 {
			parts[i] = d.Issues[i].Name + "=(none)"
		} else {
			parts[i] = d.Issues[i].Name + "=" + d.Issues[i].Values[j]
		}
	}
	return strings.Join(parts, ", ")
}
