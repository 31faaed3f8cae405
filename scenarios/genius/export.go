package genius

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/sim"
)

// This file turns a parley negotiation into a Domain that GENIUS XML or
// GeniusWeb JSON can state, and says what cannot be stated (an error) and
// what the files leave out (a warning). export_genius.go and
// export_geniusweb.go write the files; every form chosen here is checked by
// reading the written files back with this package's readers.

// ExportOptions chooses how Export writes a negotiation. The zero value
// writes GENIUS XML.
type ExportOptions struct {
	// Format is GeniusXML or GeniusWebJSON. Empty means GeniusXML.
	Format Format
	// Source names the scenario in errors and warnings, as package
	// scenarios names it ("builtin:used-car", "my.yaml"). Empty means the
	// negotiation's name.
	Source string
}

// Exported is a negotiation written as a GENIUS or GeniusWeb domain.
type Exported struct {
	// Domain is the domain the files state, as this package's readers read
	// it back.
	Domain *Domain
	// Files are the domain file and the profiles of party A and party B, in
	// that order, named by base name only ("used-car-domain.xml",
	// "a-seller.xml", "b-buyer.xml"), to be written into one folder. The
	// names sort party A's profile before party B's, so that Import pairs
	// them in the same order.
	Files [3]File
	// Warnings say what the files leave out (the protocol, strategies,
	// costs, perception, a facilitator) and what they state differently
	// from the scenario (a numeric range written as discrete values).
	Warnings []error
}

// evalTolerance is how far an evaluation may move when a numeric range is
// written with a platform's linear evaluator, which recomputes every
// point (GENIUS: offset + slope·x; GeniusWeb: interpolation rounded to 8
// decimals) where parley's scenario reader computed (x − x₀)/(xₙ − x₀):
// a few units in the last place, far below the 1e-12 to which parley
// rounds utilities.
const evalTolerance = 1e-15

// Export writes the negotiation n, as package scenarios builds it from a
// scenario, as a GENIUS XML or GeniusWeb JSON domain with one linear
// additive profile per party, so that the scenario can be taken to GENIUS,
// GeniusWeb or NegMAS. Importing the files again (Import, with the
// scenario's deadline) gives the same outcomes, in the same order, and the
// same utilities: exactly, except where a numeric range is written with a
// linear evaluator (within 1e-15 per evaluation) or where a GeniusWeb
// reservation value is the utility of a bid (within 1e-12).
//
// What the formats cannot state is an error, an ErrorList of *Error
// wrapping ErrUnsupported that names the scenario field: in GENIUS XML, an
// issue of positive weight whose best value is worth less than 1 to a party
// (GENIUS divides every evaluation of an issue by its largest); in GeniusWeb
// JSON, a reservation value that no bid is worth (GeniusWeb states a
// reservation value as a reservation bid). What the formats leave out —
// strategies, the protocol and deadline, costs, breakdown, perception, a
// facilitator, and in GeniusWeb the discount — is a warning.
func Export(n *sim.Negotiation, opt ExportOptions) (*Exported, error) {
	format := cmp.Or(opt.Format, GeniusXML)
	src := cmp.Or(opt.Source, n.Name)
	if format != GeniusXML && format != GeniusWebJSON {
		return nil, &Error{File: src, Msg: fmt.Sprintf("export: unknown format %q (want %q or %q)", format, GeniusXML, GeniusWebJSON)}
	}
	x := &exporter{n: n, format: format, src: src}
	if err := x.build(); err != nil {
		return nil, err
	}
	files, err := x.write()
	if err != nil {
		return nil, err
	}
	return &Exported{Domain: x.read, Files: files, Warnings: x.warns}, nil
}

// exporter holds one export in progress.
type exporter struct {
	n      *sim.Negotiation
	format Format
	src    string
	d      *Domain // the domain to write
	prof   [2]sim.Additive
	read   *Domain   // the written files, read back
	errs   ErrorList // what the format cannot state
	warns  []error
}

func (x *exporter) fail(path, msg string) {
	x.errs = append(x.errs, &Error{File: x.src, Path: path, Msg: msg, Err: ErrUnsupported})
}

func (x *exporter) warn(format string, args ...any) {
	x.warns = append(x.warns, &Error{File: x.src, Msg: fmt.Sprintf(format, args...)})
}

// build makes x.d from the negotiation: the issues with the form each
// takes in the format, and the profiles.
func (x *exporter) build() error {
	n := x.n
	if err := n.Validate(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for p := range 2 {
		space, prof, ok := n.Parties[p].Utility.Profile()
		if !ok || space != n.Space {
			x.fail("parties."+n.Parties[p].ID, "the utility is a table, not a linear additive profile: GENIUS and GeniusWeb state weights and evaluations")
			continue
		}
		x.prof[p] = prof
	}
	if len(x.errs) > 0 {
		return x.errs
	}
	space := n.Space
	d := &Domain{Name: n.Name, Format: x.format, RealSteps: DefaultRealSteps}
	x.d = d
	issueNames := labelsOrIDs(space.Issues(), func(is sim.Issue) (string, string) { return is.Label, is.ID })
	switch {
	case issueNames.ids && x.format == GeniusXML:
		// GENIUS identifies issues by index: labels may repeat.
		for i, si := range space.Issues() {
			issueNames.names[i] = si.Label
		}
	case issueNames.ids:
		x.warn("two issues share a label: GeniusWeb names issues by label, so the issues are named by their ids")
	}
	for i, si := range space.Issues() {
		is := Issue{Name: issueNames.names[i], Index: i + 1, ID: si.ID}
		vals := labelsOrIDs(si.Values, func(v sim.Value) (string, string) { return v.Label, v.ID })
		if vals.ids {
			x.warn("issue %s: two values share a label: the files name the values by their ids", si.ID)
		}
		is.Values = vals.names
		is.ValueIDs = make([]string, len(si.Values))
		for j, v := range si.Values {
			is.ValueIDs[j] = v.ID
		}
		if si.Numeric {
			is.Numbers = make([]float64, len(si.Values))
			for j, v := range si.Values {
				is.Numbers[j] = v.Number
			}
			is.Min, is.Max = is.Numbers[0], is.Numbers[len(is.Numbers)-1]
			is.Type = x.numericForm(&is)
		}
		d.Issues = append(d.Issues, is)
	}
	partyFiles := x.partyFiles()
	d.Files = [3]string{x.domainFile(), partyFiles[0], partyFiles[1]}
	for p := range 2 {
		pa := n.Parties[p]
		pr := Profile{
			Name:        x.profileName(p),
			File:        partyFiles[p],
			Weights:     slices.Clone(x.prof[p].Weights),
			Evals:       make([][]float64, len(d.Issues)),
			Notes:       make([]string, len(d.Issues)),
			Reservation: pa.Reservation,
			Discount:    1,
		}
		for i := range d.Issues {
			pr.Evals[i] = slices.Clone(x.prof[p].Values[i])
		}
		if x.format == GeniusXML {
			x.checkGeniusEvals(p, &pr)
			pr.Discount = x.geniusDiscount(p)
		} else {
			x.webWeights(p, &pr)
			if pa.Reservation > 0 {
				pr.ReservationBid = x.reservationBid(p, &pr)
			}
		}
		d.Profiles[p] = pr
	}
	x.leftOut()
	if len(x.errs) > 0 {
		return x.errs
	}
	return nil
}

// named is the names of issues or values in the files: their labels, or
// their ids (ids true) when two labels are the same, since GENIUS and
// GeniusWeb identify values, and GeniusWeb issues, by name.
type named struct {
	names []string
	ids   bool
}

func labelsOrIDs[T any](xs []T, f func(T) (label, id string)) named {
	out := named{names: make([]string, len(xs))}
	seen := make(map[string]bool, len(xs))
	for i, v := range xs {
		l, _ := f(v)
		if seen[l] {
			out.ids = true
		}
		seen[l] = true
		out.names[i] = l
	}
	if out.ids {
		for i, v := range xs {
			_, out.names[i] = f(v)
		}
	}
	return out
}

// numericForm returns the form a numeric issue is first tried in: a
// GENIUS integer issue when its points are 0, 1, …, n (GENIUS's integer
// evaluator works from the lower bound, NegMAS's from 0, so only a range
// from 0 reads the same in both); a GeniusWeb number issue when it has at
// least two points. Otherwise, with a warning, a discrete issue: GENIUS's
// real issues are continuous, and parley's importer would enumerate them
// on its own grid. The read-back check in write turns an integer or number
// issue into a discrete one when the platform's evaluator cannot reproduce
// its values.
func (x *exporter) numericForm(is *Issue) IssueType {
	why := ""
	switch {
	case len(is.Numbers) < 2:
		why = "a range of one point"
	case x.format == GeniusXML:
		for k, v := range is.Numbers {
			if v != float64(k) {
				why = "its points are not the whole numbers 0, 1, 2, …, which is what GENIUS's integer issues hold (and NegMAS reads the same way); GENIUS's real issues are continuous"
				break
			}
		}
		if why == "" {
			is.Step = 1
			return Integer
		}
	default:
		if step, ok := decimalStep(is.Numbers); ok {
			is.Step = step
			return Number
		}
		why = "its points, written as decimals, are not evenly spaced, which is what a GeniusWeb number issue holds"
	}
	x.warn("issue %s: %s, so it is written as a discrete issue of %s; the utilities are the same, but the values are no longer numbers",
		is.ID, why, numtext.Count(len(is.Values), "value"))
	return Discrete
}

// checkGeniusEvals reports a discrete issue that GENIUS cannot evaluate as
// the scenario does: GENIUS divides every evaluation by the issue's
// largest (and makes them all 0 when that is below 1e-5), so an issue of
// positive weight must have a value worth exactly 1, or be worth 0
// throughout.
func (x *exporter) checkGeniusEvals(p int, pr *Profile) {
	pa := x.n.Parties[p]
	for i, is := range x.d.Issues {
		if is.Type != Discrete || pr.Weights[i] == 0 {
			continue
		}
		hi := slices.Max(pr.Evals[i])
		if hi == 1 || hi == 0 {
			continue
		}
		x.fail(fmt.Sprintf("parties.%s.values.%s", pa.ID, x.n.Space.Issues()[i].ID),
			fmt.Sprintf("the best value is worth %s, not 1: GENIUS divides each evaluation of an issue by the largest, so it would be worth 1 there; give one value the worth 1 and scale the issue's weight by %s to keep the utilities, or export to GeniusWeb JSON, which keeps evaluations as given",
				numtext.Shortest(hi), numtext.Shortest(hi)))
	}
}

// geniusDiscount returns GENIUS's discount factor for party p: d = δ^(D+1),
// so that importing with the scenario's deadline D maps it back to δ per
// round (PerRoundDiscount).
func (x *exporter) geniusDiscount(p int) float64 {
	pa := x.n.Parties[p]
	if pa.Discount >= 1 {
		return 1
	}
	D := x.n.Protocol.Deadline
	d := math.Pow(pa.Discount, float64(D+1))
	if d < 0x1p-1022 { // zero or subnormal: GENIUS reads d ≤ 0 as no discount
		x.fail("parties."+pa.ID+".discount", fmt.Sprintf("discount %s per round over %d rounds is %s^%d = %s on GENIUS's clock, below the smallest normal number: GENIUS could not tell it from 0, which it reads as no discount",
			numtext.Shortest(pa.Discount), D, numtext.Shortest(pa.Discount), D+1, numtext.Shortest(d)))
		return 1
	}
	return d
}

// domainFile returns the domain file's name: the scenario's name and
// "-domain", which no profile file name can equal (party ids have no
// hyphens).
func (x *exporter) domainFile() string {
	return cmp.Or(x.n.Name, "scenario") + "-domain" + x.ext()
}

// partyFiles returns the profile files' names: "a-" and "b-" before the
// party ids, so that sorting by name, as Import does, keeps A first.
func (x *exporter) partyFiles() [2]string {
	return [2]string{"a-" + x.n.Parties[0].ID + x.ext(), "b-" + x.n.Parties[1].ID + x.ext()}
}

func (x *exporter) ext() string {
	if x.format == GeniusWebJSON {
		return ".json"
	}
	return ".xml"
}

// profileName returns a profile's name: in GENIUS the file's name without
// its extension (the readers name GENIUS profiles so); in GeniusWeb the
// party id without underscores, since GeniusWeb names are letters and
// digits only.
func (x *exporter) profileName(p int) string {
	if x.format == GeniusXML {
		return baseName(x.partyFiles()[p])
	}
	id := strings.ReplaceAll(x.n.Parties[p].ID, "_", "")
	return cmp.Or(id, "party"+string(rune('A'+p)))
}

// leftOut warns, in one message, of what the scenario says and the files
// cannot: the strategies, the protocol, costs, breakdown, perception, the
// facilitator and, in GeniusWeb, the discount.
func (x *exporter) leftOut() {
	n := x.n
	pa, pb := n.Parties[0], n.Parties[1]
	var out []string
	out = append(out, fmt.Sprintf("the strategies and their parameters (%s: %s, %s: %s)", pa.ID, pa.StrategyName, pb.ID, pb.StrategyName))
	pr := n.Protocol
	proto := map[sim.ProtocolType]string{
		sim.Alternating:         "alternating offers",
		sim.MonotonicConcession: "the monotonic concession protocol",
		sim.SingleText:          "the single negotiating text",
	}[pr.Type]
	first := "a random first mover"
	if pr.FirstMover >= 0 {
		first = n.Parties[pr.FirstMover].ID + " opening"
	}
	out = append(out, fmt.Sprintf("the protocol (%s, %s, %s)", proto, numtext.Count(pr.Deadline, "round"), first))
	if pr.DiscountPerOffer {
		if x.format == GeniusXML {
			out = append(out, "discounting per offer (GENIUS discounts by time: the discount factor is written for discounting per round)")
		} else {
			out = append(out, "discounting per offer")
		}
	}
	if pr.DiscountReservation {
		out = append(out, "the discounting of reservation values (protocol.discount_reservation, which an import leaves off)")
	} else if x.format == GeniusXML {
		var rv []string
		for _, p := range n.Parties {
			if p.Discount < 1 && p.Reservation > 0 {
				rv = append(rv, p.ID)
			}
		}
		if len(rv) > 0 {
			x.warn("GENIUS discounts reservation values like deals, by d^t, and the scenario does not (protocol.discount_reservation is off): in GENIUS the reservation values of %s fall with time", strings.Join(rv, " and "))
		}
	}
	var discounts, costs, breakdown []string
	for _, p := range n.Parties {
		if p.Discount < 1 && x.format == GeniusWebJSON {
			discounts = append(discounts, fmt.Sprintf("%s %s", p.ID, numtext.Shortest(p.Discount)))
		}
		if p.Cost > 0 {
			costs = append(costs, fmt.Sprintf("%s %s", p.ID, numtext.Shortest(p.Cost)))
		}
		if pr.Breakdown > 0 && p.BreakdownValue != p.Reservation {
			breakdown = append(breakdown, fmt.Sprintf("%s %s", p.ID, numtext.Shortest(p.BreakdownValue)))
		}
	}
	if len(discounts) > 0 {
		out = append(out, "the discount factors, which GeniusWeb profiles do not have ("+strings.Join(discounts, ", ")+")")
	}
	if len(costs) > 0 {
		out = append(out, "the costs per round ("+strings.Join(costs, ", ")+")")
	}
	if pr.Breakdown > 0 {
		s := "the breakdown probability " + numtext.Shortest(pr.Breakdown)
		if len(breakdown) > 0 {
			s += " and breakdown values (" + strings.Join(breakdown, ", ") + ")"
		}
		out = append(out, s)
	}
	var perc []string
	for _, p := range n.Parties {
		if p.Perceived != nil {
			perc = append(perc, p.ID)
		}
	}
	if len(perc) > 0 {
		out = append(out, "what "+strings.Join(perc, " and ")+" perceive of the opponent's utility")
	}
	if n.Facilitator != nil {
		out = append(out, "the facilitator")
	}
	what := "GENIUS XML"
	if x.format == GeniusWebJSON {
		what = "GeniusWeb JSON"
	}
	x.warn("left out of the %s files, which hold a domain and two profiles only: %s; parley import DIR --deadline %d --strategy-a %s --strategy-b %s restores the deadline%s and the strategies' types",
		what, strings.Join(out, "; "), pr.Deadline, pa.StrategyName, pb.StrategyName,
		map[bool]string{true: " (and with it the discount per round)", false: ""}[x.format == GeniusXML && (pa.Discount < 1 || pb.Discount < 1)])
}

// write encodes x.d, reads the files back with this package's readers and
// checks that they state the scenario's domain: every numeric issue
// written with a platform evaluator that does not reproduce its values
// within evalTolerance is written again as a discrete issue (with a
// warning), and every other difference is an error of this package.
func (x *exporter) write() ([3]File, error) {
	for attempt := 0; ; attempt++ {
		files, err := x.encode()
		if err != nil {
			return files, err
		}
		r, err := x.readBack(files)
		if err != nil {
			// Not wrapped: a refusal by the reader here is a bug of the
			// writer, not a mistake in the scenario.
			return files, fmt.Errorf("export: the written files do not read back (a bug): %v", err)
		}
		bad := x.compare(r)
		if len(bad) == 0 {
			x.read = r
			return files, nil
		}
		if attempt > 0 {
			return files, fmt.Errorf("export: the written files do not state the scenario (a bug): %s", strings.Join(bad, "; "))
		}
		if x.format == GeniusXML {
			// A range now written as discrete values must meet GENIUS's
			// rule for discrete issues.
			for p := range 2 {
				x.checkGeniusEvals(p, &x.d.Profiles[p])
			}
			if len(x.errs) > 0 {
				return files, x.errs
			}
		}
	}
}

func (x *exporter) encode() ([3]File, error) {
	if x.format == GeniusWebJSON {
		return x.d.encodeGeniusWeb()
	}
	return x.d.encodeGenius()
}

func (x *exporter) readBack(files [3]File) (*Domain, error) {
	if x.format == GeniusWebJSON {
		return ReadGeniusWeb(files[0], files[1], files[2], Options{})
	}
	return ReadGenius(files[0], files[1], files[2], Options{})
}

// compare checks the domain read back, r, against x.d. A numeric issue
// whose points or values differ becomes discrete (and compare reports
// it, so that write encodes again); any other difference is reported.
func (x *exporter) compare(r *Domain) []string {
	var bad []string
	if len(r.Issues) != len(x.d.Issues) {
		return []string{fmt.Sprintf("%d issues read back, %d written", len(r.Issues), len(x.d.Issues))}
	}
	for i := range x.d.Issues {
		is, ri := &x.d.Issues[i], &r.Issues[i]
		ok := len(ri.Values) == len(is.Values) && ri.Name == is.Name
		if ok && is.Type != Discrete {
			ok = slices.Equal(ri.Numbers, is.Numbers)
		}
		for p := 0; p < 2 && ok; p++ {
			if x.d.Profiles[p].Weights[i] == 0 {
				continue
			}
			for j, e := range x.d.Profiles[p].Evals[i] {
				got := r.Profiles[p].Evals[i][j]
				if got != e && (is.Type == Discrete || math.Abs(got-e) > evalTolerance) {
					ok = false
					break
				}
			}
		}
		switch {
		case ok:
		case is.Type != Discrete:
			x.warn("issue %s: its %s cannot state the values of this range exactly, so it is written as a discrete issue of %s; the utilities are the same, but the values are no longer numbers",
				is.ID, map[IssueType]string{Integer: "GENIUS integer evaluator (offset + slope·x)", Number: "GeniusWeb number utilities (linear, rounded to 8 decimals)"}[is.Type],
				numtext.Count(len(is.Values), "value"))
			is.Type, is.Step = Discrete, 0
			bad = append(bad, "issue "+is.ID+" rewritten as discrete")
		default:
			bad = append(bad, "issue "+is.ID+" differs")
		}
	}
	for p := range 2 {
		wp, rp := &x.d.Profiles[p], &r.Profiles[p]
		if !slices.Equal(wp.Weights, rp.Weights) {
			bad = append(bad, fmt.Sprintf("party %d: weights %v read back as %v", p, wp.Weights, rp.Weights))
		}
		want, got := x.d.Reservation(p, Parley), r.Reservation(p, Parley)
		if x.format == GeniusWebJSON {
			want = x.n.Parties[p].Reservation
		}
		if math.Abs(got-want) > 1e-12 {
			bad = append(bad, fmt.Sprintf("party %d: reservation %v read back as %v", p, want, got))
		}
		if rp.Discount != wp.Discount {
			bad = append(bad, fmt.Sprintf("party %d: discount %v read back as %v", p, wp.Discount, rp.Discount))
		}
	}
	return bad
}

// webWeights makes party p's weights those the GeniusWeb files state.
// They are the scenario's, except when their sum is too far from 1 for
// decimal texts that sum to exactly 1 (webWeights): then the largest
// weight takes up the difference, with a warning.
func (x *exporter) webWeights(p int, pr *Profile) {
	before := slices.Clone(pr.Weights)
	for range 3 {
		texts, ok := webWeights(pr.Weights)
		if ok {
			break
		}
		for i, t := range texts {
			pr.Weights[i], _ = strconv.ParseFloat(t, 64)
		}
	}
	shift := 0.0
	for i := range before {
		shift = max(shift, math.Abs(pr.Weights[i]-before[i]))
	}
	if shift > 0 {
		x.warn("party %s: the weights sum to 1 within 1e-9 but not exactly, and GeniusWeb needs weights summing to exactly 1: the largest is written %s larger, which moves utilities by at most that much",
			x.n.Parties[p].ID, numtext.Shortest(shift))
	}
}

// decimalStep returns the step of a GeniusWeb range through the points
// xs, as the files write them (each in its shortest decimal form): the
// difference of the first two, computed exactly, when every point is the
// first plus a whole number of steps, exactly in decimal arithmetic, as
// GeniusWeb computes them.
func decimalStep(xs []float64) (float64, bool) {
	dec := make([]*big.Rat, len(xs))
	for k, x := range xs {
		dec[k], _ = new(big.Rat).SetString(numtext.Decimal(x))
	}
	step := new(big.Rat).Sub(dec[1], dec[0])
	if step.Sign() <= 0 {
		return 0, false
	}
	for k := range dec {
		want := new(big.Rat).Mul(step, big.NewRat(int64(k), 1))
		if want.Add(want, dec[0]).Cmp(dec[k]) != 0 {
			return 0, false
		}
	}
	f, _ := step.Float64()
	return f, true
}
