package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/parley-sim/parley/sim"
)

// solutionPoint is a row of solutions.csv: a bargaining solution, or a
// reference point of no outcome (disagreement, ideal).
type solutionPoint struct {
	name    string
	outcome sim.Outcome // NoOutcome for reference points
	u       [2]float64
}

// The names of the rows of solutions.csv, in file order.
const (
	solDisagreement = "disagreement"
	solIdeal        = "ideal"
	solNash         = "nash"
	solKS           = "kalai_smorodinsky"
	solEgalitarian  = "egalitarian"
	solGeniusKalai  = "genius_kalai"
	solMaxWelfare   = "max_welfare"
	// solGeniusNash is GENIUS's Nash point (sim.GeniusNash), listed only
	// where the textbook one is undefined: no outcome acceptable to both.
	solGeniusNash = "genius_nash"
)

// spaceData is what the analysis tables hold: the Pareto frontier and the
// solutions. The frontier is sim's, not a copy: it may hold every outcome
// of the space.
type spaceData struct {
	frontier  []sim.Point
	dis       [2]float64 // the disagreement point, for the rational column
	solutions []solutionPoint
}

// spaceDataOf returns the tables of an analysis, sharing its frontier.
func spaceDataOf(an *sim.Analysis) spaceData {
	dis := an.Disagreement
	d := spaceData{frontier: an.Frontier, dis: dis}
	d.solutions = append(d.solutions, solutionPoint{name: solDisagreement, outcome: sim.NoOutcome, u: dis})
	if an.Rational > 0 {
		d.solutions = append(d.solutions, solutionPoint{name: solIdeal, outcome: sim.NoOutcome, u: an.Ideal})
	}
	for _, s := range []struct {
		name string
		pts  []sim.Point
	}{
		{solNash, an.Nash}, {solKS, an.KalaiSmorodinsky}, {solEgalitarian, an.Egalitarian},
		{solGeniusKalai, an.GeniusKalai}, {solMaxWelfare, an.MaxWelfare},
	} {
		for _, p := range s.pts {
			d.solutions = append(d.solutions, solutionPoint{name: s.name, outcome: p.Outcome, u: p.U})
		}
	}
	if len(an.Nash) == 0 {
		if p, ok := sim.GeniusNash(an.Frontier, dis); ok {
			d.solutions = append(d.solutions, solutionPoint{name: solGeniusNash, outcome: p.Outcome, u: p.U})
		}
	}
	return d
}

// points returns the frontier and the solutions as package sim holds
// them, for the charts: the rows of frontier.csv (sim's own frontier, for
// a Recorder), and each row of solutions.csv in the field of its name.
func (d *spaceData) points() ([]sim.Point, sim.Solutions) {
	var s sim.Solutions
	for _, p := range d.solutions {
		pt := sim.Point{Outcome: p.outcome, U: p.u}
		switch p.name {
		case solDisagreement:
			s.Disagreement = p.u
		case solIdeal:
			s.Ideal = p.u
		case solNash:
			s.Nash = append(s.Nash, pt)
		case solKS:
			s.KalaiSmorodinsky = append(s.KalaiSmorodinsky, pt)
		case solEgalitarian:
			s.Egalitarian = append(s.Egalitarian, pt)
		case solGeniusKalai:
			s.GeniusKalai = append(s.GeniusKalai, pt)
		case solMaxWelfare:
			s.MaxWelfare = append(s.MaxWelfare, pt)
		}
	}
	// The tables list at most sim.MaxTies outcomes of a solution and not
	// their number: the charts, drawn from the tables by Recorder and by
	// Replot alike, count what is listed.
	s.Ties = sim.Ties{Nash: len(s.Nash), KalaiSmorodinsky: len(s.KalaiSmorodinsky), Egalitarian: len(s.Egalitarian),
		GeniusKalai: len(s.GeniusKalai), MaxWelfare: len(s.MaxWelfare)}
	return d.frontier, s
}

// tieWarnings returns a warning for each solution of an with more tied
// outcomes than solutions.csv lists (sim.MaxTies).
func tieWarnings(an *sim.Analysis) []error {
	var out []error
	for _, s := range []struct {
		name   string
		listed int
		ties   int
	}{
		{solNash, len(an.Nash), an.Ties.Nash}, {solKS, len(an.KalaiSmorodinsky), an.Ties.KalaiSmorodinsky},
		{solEgalitarian, len(an.Egalitarian), an.Ties.Egalitarian}, {solGeniusKalai, len(an.GeniusKalai), an.Ties.GeniusKalai},
		{solMaxWelfare, len(an.MaxWelfare), an.Ties.MaxWelfare},
	} {
		if s.ties > s.listed {
			out = append(out, fmt.Errorf("%s: %d outcomes tie; %s lists %d of them (every distinct pair of utilities first)", s.name, s.ties, SolutionsFile, s.listed))
		}
	}
	return out
}

// outcomeCells appends the value id of every issue of o (empty cells for
// NoOutcome).
func outcomeCells(row []string, sp *sim.Space, o sim.Outcome) []string {
	for i := range sp.NumIssues() {
		v := ""
		if o != sim.NoOutcome {
			v = sp.Value(o, i).ID
		}
		row = append(row, v)
	}
	return row
}

// writeFrontier writes frontier.csv.
func writeFrontier(w io.Writer, n *sim.Negotiation, cols *columns, d *spaceData) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(cols.frontier); err != nil {
		return err
	}
	var row []string
	for _, p := range d.frontier {
		row = append(row[:0], strconv.Itoa(int(p.Outcome)))
		row = outcomeCells(row, n.Space, p.Outcome)
		rational := p.U[0] >= d.dis[0] && p.U[1] >= d.dis[1]
		row = append(row, formatFloat(p.U[0]), formatFloat(p.U[1]), strconv.FormatBool(rational))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeSolutions writes solutions.csv.
func writeSolutions(w io.Writer, n *sim.Negotiation, cols *columns, d *spaceData) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(cols.solutions); err != nil {
		return err
	}
	var row []string
	for _, s := range d.solutions {
		o := ""
		if s.outcome != sim.NoOutcome {
			o = strconv.Itoa(int(s.outcome))
		}
		row = append(row[:0], s.name, o)
		row = outcomeCells(row, n.Space, s.outcome)
		row = append(row, formatFloat(s.u[0]), formatFloat(s.u[1]))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// table is a CSV file being read row by row, with its columns by name.
type table struct {
	name string
	r    *csv.Reader
	col  map[string]int
	line int // line of the current row
	row  []string
}

// newTable reads the header of a CSV file and checks it against want.
func newTable(name string, rd io.Reader, want []string) (*table, error) {
	t := &table{name: name, r: csv.NewReader(rd), col: map[string]int{}}
	t.r.ReuseRecord = true
	header, err := t.r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", name, err)
	}
	if !slices.Equal(header, want) {
		return nil, fmt.Errorf("%s: columns %v do not fit this negotiation (want %v)", name, header, want)
	}
	for i, h := range header {
		t.col[h] = i
	}
	t.line = 1
	return t, nil
}

// next reads the next row; it returns false at the end of the file or on
// an error, which err reports.
func (t *table) next() (bool, error) {
	row, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", t.name, err)
	}
	t.line++
	t.row = row
	return true, nil
}

// str returns the cell of column c.
func (t *table) str(c string) string { return t.row[t.col[c]] }

// errorf returns an error positioned at the current row.
func (t *table) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", t.name, t.line, fmt.Sprintf(format, args...))
}

// float parses a number written by formatFloat; an empty cell is NaN.
func (t *table) float(c string) (float64, error) {
	s := t.str(c)
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, t.errorf("%s: %q is not a number", c, s)
	}
	return v, nil
}

// int parses a whole number; an empty cell is def.
func (t *table) int(c string, def int) (int, error) {
	s := t.str(c)
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, t.errorf("%s: %q is not a whole number", c, s)
	}
	return v, nil
}

// intIn parses a whole number in [lo, hi], what saying what the bounds
// are; an empty cell is def when def is in bounds, and an error
// otherwise.
func (t *table) intIn(c string, def, lo, hi int, what string) (int, error) {
	if t.str(c) == "" {
		if def < lo || def > hi {
			return 0, t.errorf("%s: empty", c)
		}
		return def, nil
	}
	v, err := t.int(c, def)
	if err != nil {
		return 0, err
	}
	if v < lo || v > hi {
		return 0, t.errorf("%s %d outside [%d, %d] (%s)", c, v, lo, hi, what)
	}
	return v, nil
}

// bool parses "true" or "false".
func (t *table) bool(c string) (bool, error) {
	switch s := t.str(c); s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	default:
		return false, t.errorf("%s: %q is not true or false", c, s)
	}
}

// party parses a party id into 0 or 1; an empty cell is −1.
func (t *table) party(c string, cols *columns) (int, error) {
	s := t.str(c)
	switch s {
	case "":
		return -1, nil
	case cols.party[0]:
		return 0, nil
	case cols.party[1]:
		return 1, nil
	}
	return 0, t.errorf("%s: %q is not a party", c, s)
}

// valueIndex maps each issue's value ids to their indices.
type valueIndex []map[string]int

func newValueIndex(sp *sim.Space) valueIndex {
	vi := make(valueIndex, sp.NumIssues())
	for i, is := range sp.Issues() {
		vi[i] = make(map[string]int, len(is.Values))
		for k, v := range is.Values {
			vi[i][v.ID] = k
		}
	}
	return vi
}

// outcome reads the issue columns of the current row into dst: the index
// of each issue's value, all −1 when every cell is empty. It returns the
// outcome, or NoOutcome for empty cells.
func (t *table) outcome(cols *columns, sp *sim.Space, vi valueIndex, dst []int) (sim.Outcome, error) {
	empty := 0
	for i, c := range cols.issue {
		s := t.str(c)
		if s == "" {
			dst[i] = -1
			empty++
			continue
		}
		k, ok := vi[i][s]
		if !ok {
			return sim.NoOutcome, t.errorf("%s: %q is not a value of this issue", c, s)
		}
		dst[i] = k
	}
	switch empty {
	case len(cols.issue):
		return sim.NoOutcome, nil
	case 0:
		return sp.Encode(dst), nil
	}
	return sim.NoOutcome, t.errorf("some issues have a value and others none")
}

// readSpaceData reads frontier.csv and solutions.csv.
func readSpaceData(frontier, solutions io.Reader, n *sim.Negotiation, cols *columns) (spaceData, error) {
	size := n.Space.Size()
	var d spaceData
	t, err := newTable(FrontierFile, frontier, cols.frontier)
	if err != nil {
		return d, err
	}
	for {
		ok, err := t.next()
		if err != nil {
			return d, err
		}
		if !ok {
			break
		}
		var p sim.Point
		o, err := t.int("outcome", -1)
		if err != nil {
			return d, err
		}
		if o < 0 || o >= n.Space.Size() {
			return d, t.errorf("outcome %d outside the outcome space", o)
		}
		p.Outcome = sim.Outcome(o)
		for i := range 2 {
			if p.U[i], err = t.float(cols.frontier[len(cols.frontier)-3+i]); err != nil {
				return d, err
			}
		}
		if _, err = t.bool("rational"); err != nil { // recomputed from the disagreement point
			return d, err
		}
		if len(d.frontier) == size {
			return d, t.errorf("more rows than the %d outcomes of the space", size)
		}
		d.frontier = append(d.frontier, p)
	}

	t, err = newTable(SolutionsFile, solutions, cols.solutions)
	if err != nil {
		return d, err
	}
	for {
		ok, err := t.next()
		if err != nil {
			return d, err
		}
		if !ok {
			break
		}
		s := solutionPoint{name: t.str("solution")}
		o, err := t.int("outcome", -1)
		if err != nil {
			return d, err
		}
		if o >= n.Space.Size() || o < -1 {
			return d, t.errorf("outcome %d outside the outcome space", o)
		}
		s.outcome = sim.Outcome(o)
		for i := range 2 {
			if s.u[i], err = t.float(cols.solutions[len(cols.solutions)-2+i]); err != nil {
				return d, err
			}
		}
		// Every solution point is a frontier point; two (the
		// disagreement and ideal points) are no outcome.
		if max := 5*len(d.frontier) + 2; len(d.solutions) >= max { // five solutions of outcomes
			return d, t.errorf("more rows than %d, for a frontier of %d points", max, len(d.frontier))
		}
		if s.name == solDisagreement {
			d.dis = s.u
		}
		d.solutions = append(d.solutions, s)
	}
	return d, nil
}

// textGuarantees returns, for each event of the trace of res, the
// guarantee the facilitator attached to the text the event is about, or
// nil: for the drafts of a mediation, the parties' votes on them and the
// final vote (accept or dismiss) on its text. The engine names a
// mediation's guarantee in the note of its first draft (sim.Result.Notes);
// every other event, and every event of a negotiation whose facilitator
// offers no guarantee, gets nil.
func textGuarantees(n *sim.Negotiation, res *sim.Result) []*sim.Guarantee {
	out := make([]*sim.Guarantee, len(res.Trace))
	if n.Facilitator == nil || len(n.Facilitator.Guarantees) == 0 {
		return out
	}
	var g *sim.Guarantee
	inMediation, first, final := false, false, 0
	for i, e := range res.Trace {
		switch {
		case e.Kind == sim.EventInvite:
			inMediation, first, final, g = true, true, 0, nil
		case inMediation && e.Kind == sim.EventDraft && e.Actor < 0:
			if first {
				g, first = guaranteeNamed(n.Facilitator, res.Note(i)), false
			}
			out[i] = g
		case inMediation && !first && e.Actor >= 0 && (e.Kind == sim.EventVoteYes || e.Kind == sim.EventVoteNo):
			out[i] = g
		case inMediation && !first && e.Actor >= 0 && (e.Kind == sim.EventAccept || e.Kind == sim.EventDismiss):
			out[i] = g
			if final++; final == 2 {
				inMediation = false // the final vote is over
			}
		default:
			inMediation = false
		}
	}
	return out
}

// guaranteeNamed returns the first guarantee of f named name, or nil.
func guaranteeNamed(f *sim.Facilitator, name string) *sim.Guarantee {
	if name == "" {
		return nil
	}
	for k := range f.Guarantees {
		if f.Guarantees[k].Name == name {
			return &f.Guarantees[k]
		}
	}
	return nil
}

// textUtility returns party p's utility of outcome o with guarantee g
// (nil for none) when g covers o, as the parties weigh the facilitator's
// texts.
func textUtility(n *sim.Negotiation, g *sim.Guarantee, p int, o sim.Outcome) float64 {
	u := n.Parties[p].Utility.Of(o)
	if g != nil && g.Covers(n.Space, o) {
		u += g.Delta[p]
	}
	return u
}

// appendEvent appends the value id of every issue of o, then each party's
// utility of o with guarantee g (nil for none) where g covers o; empty
// cells for NoOutcome. It makes the outcome cells of rounds.csv.
func appendEvent(row []string, n *sim.Negotiation, o sim.Outcome, g *sim.Guarantee) []string {
	row = outcomeCells(row, n.Space, o)
	for i := range 2 {
		u := ""
		if o != sim.NoOutcome {
			u = formatFloat(textUtility(n, g, i, o))
		}
		row = append(row, u)
	}
	return row
}
