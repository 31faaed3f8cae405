package genius

import (
	"errors"
	"fmt"
	"math"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/sim"
)

// Limits on input files. Each is checked as the file is read and reported
// as an error wrapping ErrTooLarge, never discovered as an out-of-memory
// crash.
const (
	// MaxFileSize is the largest domain or profile file read, in bytes
	// (4 MiB; the largest public GENIUS and GeniusWeb files are below
	// 100 KiB).
	MaxFileSize = 4 << 20
	// MaxElements is the largest number of XML elements, or JSON values, in
	// one file.
	MaxElements = 250_000
	// MaxDepth is the deepest nesting of XML elements or JSON values.
	MaxDepth = 64
	// MaxIssues is the largest number of issues, the same as parley's
	// scenario limit.
	MaxIssues = 64
	// MaxValues is the largest number of values of one issue (discrete
	// values, integers of a range, or points of a discretised real range),
	// the same as parley's scenario limit on options.
	MaxValues = 10_000
	// MaxOutcomes is the largest outcome space, the same as the engine's
	// limit (sim.MaxOutcomes).
	MaxOutcomes = sim.MaxOutcomes
	// MaxYAMLSize is the largest scenario the writer produces, the same as
	// parley's limit on scenario files (1 MiB).
	MaxYAMLSize = 1 << 20
	// MaxNumberLength is the longest number literal read, in bytes; a
	// float64 needs at most 17 significant digits, and exact arithmetic on
	// longer GeniusWeb numbers costs time that grows with the square of
	// their length.
	MaxNumberLength = 100
	// MaxExponent bounds the decimal exponent of a GeniusWeb number
	// (1e-1000 to 1e1000), far beyond any float64, since exact arithmetic
	// on 1e999999999 would need memory without bound.
	MaxExponent = 1000
)

// Format names an input format.
type Format string

// The formats this package reads.
const (
	// GeniusXML is the GENIUS XML format: a domain file (root
	// negotiation_template) and utility-space profiles (root
	// utility_space).
	GeniusXML Format = "genius-xml"
	// GeniusWebJSON is the GeniusWeb JSON format: a domain file (key
	// issuesValues) and LinearAdditiveUtilitySpace profiles.
	GeniusWebJSON Format = "geniusweb-json"
)

// IssueType is the kind of an issue's values.
type IssueType uint8

// The kinds of issues.
const (
	// Discrete issues list their values as strings.
	Discrete IssueType = iota
	// Integer issues take every integer from a lower to an upper bound
	// (GENIUS).
	Integer
	// Real issues take any number between two bounds (GENIUS); they are
	// enumerated on evenly spaced points (Options.RealSteps).
	Real
	// Number issues take the points low, low+step, … up to high (GeniusWeb
	// NumberValueSet).
	Number
)

// String returns "discrete", "integer", "real" or "number".
func (t IssueType) String() string {
	switch t {
	case Integer:
		return "integer"
	case Real:
		return "real"
	case Number:
		return "number"
	}
	return "discrete"
}

// Domain is a bilateral negotiation domain read from GENIUS or GeniusWeb
// files: the issues with their values in order, and the two parties'
// profiles as the source platform evaluates them.
type Domain struct {
	// Name is the domain's name in the file: the GENIUS root objective's
	// name, or the GeniusWeb domain's "name".
	Name string
	// Format is the format the files were read in.
	Format Format
	// Files are the domain file and the profile files of party A and party
	// B, as named to the reader.
	Files [3]string
	// Issues are the issues in the platform's order: GENIUS's preorder
	// traversal of the objective tree (document order for flat domains),
	// or the GeniusWeb domain file's key order.
	Issues []Issue
	// Profiles are party A's and party B's preferences.
	Profiles [2]Profile
	// RealSteps is the number of points each real issue was enumerated on.
	RealSteps int
	// Warnings are irregularities the readers tolerated, each an *Error with
	// the file and position.
	Warnings []error
}

// Issue is one issue of a Domain.
type Issue struct {
	// Name is the issue's name exactly as in the file.
	Name string
	// Index is the GENIUS issue index (profiles refer to issues by it);
	// zero for GeniusWeb issues, which are identified by Name.
	Index int
	// Type is the kind of values.
	Type IssueType
	// Values are the values in order, exactly as in the file for discrete
	// issues (duplicates included, as GENIUS keeps them); for numeric
	// issues, each point written as a number.
	Values []string
	// Numbers are the points of a numeric issue as parley enumerates them
	// (each rounded to 15 significant digits, as parley's scenario reader
	// does); nil for discrete issues.
	Numbers []float64
	// Min, Max and Step describe a numeric issue's points: Numbers[k] is
	// Min + k·Step rounded, and the last point is Max. Zero for discrete
	// issues.
	Min, Max, Step float64
	// ID is the issue's id in the parley scenario: the name in lowercase
	// letters, digits and underscores, unique among the issues.
	ID string
	// ValueIDs are the option ids of a discrete issue's values in the
	// parley scenario, unique within the issue; nil for numeric issues.
	ValueIDs []string
}

// Profile is one party's preferences, as the source platform evaluates them.
type Profile struct {
	// Name is the profile's name: the GeniusWeb profile's "name", or the
	// GENIUS file's name without its extension.
	Name string
	// File is the profile file as named to the reader.
	File string
	// Weights holds one weight per issue, as written in the file.
	Weights []float64
	// Evals holds, per issue, the evaluation of each value in [0, 1],
	// computed as the platform computes it (GENIUS: a discrete evaluation
	// divided by the issue's largest one; integer and real evaluators
	// clipped to [0, 1]; GeniusWeb: as given, or interpolated and rounded
	// to 8 decimals for numbers).
	Evals [][]float64
	// Notes describes, per issue, how Evals were obtained from the file
	// (for comments in the scenario).
	Notes []string
	// RawEvals holds, per discrete issue, each value's evaluation as
	// written in a GENIUS profile; nil for other issues and for GeniusWeb.
	RawEvals [][]string
	// Reservation is the utility of no agreement: the GENIUS reservation
	// value (0 when absent), or the GeniusWeb utility of the reservation
	// bid (0 when absent), with the platform's semantics.
	Reservation float64
	// ReservationBid holds, for a GeniusWeb reservation bid, the index of
	// each issue's value, -1 for an issue the bid leaves out; nil when the
	// profile has no reservation bid.
	ReservationBid []int
	// Discount is the GENIUS discount factor d after GENIUS's validation:
	// d outside (0, 1], absent or unreadable means 1 (no discount).
	// GeniusWeb profiles have none: 1.
	Discount float64
}

// Semantics selects how utilities are computed from a Domain.
type Semantics uint8

// The semantics.
const (
	// Parley is the model the converted scenario describes: weights summing
	// to 1 (divided by their sum when they sum to more than 1e-9 away from
	// it, as parley's scenario reader does), no cap.
	Parley Semantics = iota
	// Native is the source platform's model: GENIUS uses the weights as
	// written and caps utility at 1; GeniusWeb uses the weights as written.
	// It equals Parley whenever the weights sum to 1 within 1e-9.
	Native
)

// String returns "parley" or "native".
func (s Semantics) String() string {
	if s == Native {
		return "native"
	}
	return "parley"
}

// Size returns the number of outcomes: the product of the issues' value
// counts.
func (d *Domain) Size() int {
	n := 1
	for _, is := range d.Issues {
		n *= len(is.Values)
	}
	return n
}

// Space builds parley's outcome space of the domain, with the issue ids,
// option ids and labels of the converted scenario.
func (d *Domain) Space() (*sim.Space, error) {
	issues := make([]sim.Issue, len(d.Issues))
	for i, is := range d.Issues {
		si := sim.Issue{ID: is.ID, Label: is.Name, Kind: "other", Values: make([]sim.Value, len(is.Values))}
		if is.Type == Discrete {
			for j, v := range is.Values {
				si.Values[j] = sim.Value{ID: is.ValueIDs[j], Label: v}
			}
		} else {
			si.Numeric = true
			for j, x := range is.Numbers {
				s := numtext.Decimal(x)
				si.Values[j] = sim.Value{ID: s, Label: s, Number: x}
			}
		}
		issues[i] = si
	}
	s, err := sim.NewSpace(issues)
	if err != nil {
		return nil, fmt.Errorf("domain %s: %w", d.Name, err)
	}
	return s, nil
}

// overflowMsg reports weights whose sum is beyond the largest float64.
const overflowMsg = "weights sum to more than the largest number (1.8e308): parley divides each weight by their sum; use smaller weights"

// weightSumTolerance is how far from 1 the weights may sum and be used as
// written by parley's scenario reader.
const weightSumTolerance = 1e-9

// Weights returns party p's weights under semantics s.
func (d *Domain) Weights(p int, s Semantics) []float64 {
	w := append([]float64(nil), d.Profiles[p].Weights...)
	if s == Native {
		return w
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if math.Abs(sum-1) > weightSumTolerance && sum > 0 {
		for i := range w {
			w[i] /= sum
		}
	}
	return w
}

// Additive returns party p's profile in parley's model: the weights as the
// converted scenario gives them (Parley semantics) and the evaluations.
func (d *Domain) Additive(p int) sim.Additive {
	return sim.Additive{Weights: d.Weights(p, Parley), Values: d.Profiles[p].Evals}
}

// Utility returns party p's utility, under semantics s, of the outcome that
// gives issue i its value idx[i], which must be a valid index or -1. An
// index of -1 leaves the issue out (it contributes nothing, as in a
// partial GeniusWeb bid). The sum is taken in
// issue order and snapped to a multiple of 1e-12, as parley's utility
// tables are, so that it equals the table entry of a complete outcome.
func (d *Domain) Utility(p int, idx []int, s Semantics) float64 {
	return d.utility(d.Weights(p, s), d.Profiles[p].Evals, idx, s == Native && d.Format == GeniusXML)
}

// utility is Utility with the weights given; capped applies GENIUS's cap
// at 1.
func (d *Domain) utility(w []float64, evals [][]float64, idx []int, capped bool) float64 {
	u := 0.0
	for i, v := range idx {
		if v >= 0 {
			u += float64(w[i] * evals[i][v])
		}
	}
	if capped && u > 1 {
		u = 1
	}
	return snap(u)
}

// snap rounds a utility to the nearest multiple of 1e-12, as parley's
// utility tables do, so that equal utilities tie exactly.
func snap(x float64) float64 { return math.Round(x*1e12) / 1e12 }

// Reservation returns party p's reservation value under semantics s. For a
// GeniusWeb reservation bid it is the bid's utility under s; otherwise the
// profile's Reservation.
func (d *Domain) Reservation(p int, s Semantics) float64 {
	pr := &d.Profiles[p]
	if pr.ReservationBid == nil || s == Native {
		return pr.Reservation
	}
	return clamp01(d.Utility(p, pr.ReservationBid, s))
}

func clamp01(x float64) float64 { return math.Min(1, math.Max(0, x)) }

// Utilities computes both parties' utility of every outcome of space under
// semantics s. Parley semantics go through sim.NewUtility, exactly as the
// converted scenario does; Native semantics evaluate the platform's formula
// outcome by outcome.
func (d *Domain) Utilities(space *sim.Space, s Semantics) ([2]*sim.Utility, error) {
	var out [2]*sim.Utility
	if space.Size() != d.Size() || space.NumIssues() != len(d.Issues) {
		return out, errors.New("space does not match the domain")
	}
	for p := range 2 {
		if s == Parley {
			u, err := sim.NewUtility(space, d.Additive(p))
			if err != nil {
				return out, fmt.Errorf("party %s: %w", d.Profiles[p].Name, err)
			}
			out[p] = u
			continue
		}
		vals := make([]float64, space.Size())
		idx := make([]int, space.NumIssues())
		w := d.Weights(p, Native)
		capped := d.Format == GeniusXML
		for o := range vals {
			space.Decode(sim.Outcome(o), idx)
			vals[o] = d.utility(w, d.Profiles[p].Evals, idx, capped)
		}
		out[p] = sim.NewUtilityFromValues(vals)
	}
	return out, nil
}

// Analyze computes the Pareto frontier and bargaining solutions of the
// domain under semantics s, undiscounted, with the reservation values as
// the disagreement point (as GENIUS's BidSpace does).
func (d *Domain) Analyze(s Semantics) (*sim.Analysis, *sim.Space, error) {
	space, err := d.Space()
	if err != nil {
		return nil, nil, err
	}
	us, err := d.Utilities(space, s)
	if err != nil {
		return nil, nil, err
	}
	n := &sim.Negotiation{Name: d.Name, Space: space}
	for p := range 2 {
		n.Parties[p] = sim.Party{ID: d.Profiles[p].Name, Utility: us[p], Reservation: d.Reservation(p, s)}
	}
	return sim.Analyze(n), space, nil
}
