package agents

import (
	"errors"
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// The exponent conventions, as named by the "convention" parameter.
const (
	conventionGenius = "genius"
	conventionNegmas = "negmas"
)

// negmasTolerance is the tolerance NegMAS subtracts from the lower end of
// the utility range of its time-based negotiators (UtilBasedNegotiator's
// eps), so that an outcome a hair below the target still qualifies.
const negmasTolerance = 1e-4

// maxExponent bounds the exponent e. At e = 100 a GENIUS-convention agent
// has conceded 95% of its range by t = 0.6; a NegMAS-convention one only
// 0.3% by t = 0.94.
const maxExponent = 100

// preset is one member of the time-dependent family.
type preset struct {
	name    string
	summary string
	genius  float64 // exponent e in the genius convention
	negmas  float64 // exponent e in the negmas convention
	// hardline marks the strategy that never concedes; it takes no e or k.
	hardline bool
	// generic marks "time-dependent", whose e is a plain number with
	// default 1 rather than 0 meaning "the preset's exponent".
	generic bool
}

func presets() []preset {
	return []preset{
		{name: "time-dependent", summary: "time-dependent concession with exponent e (Faratin et al. 1998), GENIUS or NegMAS convention", genius: 1, negmas: 1, generic: true},
		{name: "boulware", summary: "holds firm and concedes late: time-dependent with e = 0.2 (GENIUS) or 4 (NegMAS)", genius: 0.2, negmas: 4},
		{name: "linear", summary: "concedes at a constant rate: time-dependent with e = 1 (both conventions)", genius: 1, negmas: 1},
		{name: "conceder", summary: "concedes early: time-dependent with e = 2 (GENIUS) or 0.25 (NegMAS)", genius: 2, negmas: 0.25},
		{name: "hardliner", summary: "never concedes: always offers its best outcome", hardline: true},
	}
}

const timeDependentCitation = "Faratin, Sierra & Jennings (1998), Negotiation decision functions for autonomous agents, Robotics and Autonomous Systems 24(3-4):159-182; GENIUS 10.4 TimeDependentAgent; NegMAS time-based negotiators with PolyAspiration (Mohammad, Nakadai & Greenwald 2021, PRIMA 2020, LNCS 12568); acceptance conditions: Baarslag, Hindriks & Jonker (2014), Effective acceptance conditions in real-time automated negotiation, Decision Support Systems 60:68-77"

const timeDependentRule = "The target utility falls with relative time t from the best outcome's utility hi to lo = max(worst utility, reservation value). " +
	"Convention genius: target = lo + (hi − lo)(1 − f(t)), f(t) = k + (1 − k)·t^(1/e) (f = k when e = 0). " +
	"Convention negmas: target = max(lo, (hi − lo)(1 − t^e) + lo − 0.0001). " +
	"The party offers the outcome of lowest own utility that is still at least the target, ties to the lowest outcome index, so it never offers below its reservation value (with an opponent model, the outcome of [target, target + band] the model rates best for the opponent); " +
	"it walks away if no outcome is worth its reservation value. " +
	"It accepts by its acceptance condition (default AC_next with genius, u ≥ target with negmas), always also requiring u ≥ reservation value."

func timeDependentInfos() []Info {
	ps := presets()
	out := make([]Info, 0, len(ps))
	for _, p := range ps {
		rule := timeDependentRule
		switch {
		case p.hardline:
			rule = "The target is always the best outcome's utility: genius f(t) = 0 (e = 0, k = 0); negmas exponent +∞, target = max(lo, hi − 0.0001) for t < 1. " +
				"The party offers the outcome of lowest utility that meets the target — its best outcome; with negmas, possibly one within 0.0001 of it — ties to the lowest index, and accepts by its acceptance condition (default AC_next: only offers as good as its best), always also requiring u ≥ reservation value."
		case !p.generic:
			rule = fmt.Sprintf("Time-dependent with e = %v in the genius convention or e = %v in the negmas convention (the two are reciprocal). ", p.genius, p.negmas) + rule
		}
		out = append(out, Info{
			Name:     p.name,
			Summary:  p.summary,
			Rule:     rule,
			Citation: timeDependentCitation,
			Params:   timeDependentParams(p),
			New:      newTimeDependent(p),
		})
	}
	return out
}

func timeDependentParams(p preset) []Param {
	var ps []Param
	if !p.hardline {
		e := Param{
			Name:    "e",
			Min:     0,
			Max:     maxExponent,
			Default: 0.0,
			Doc: fmt.Sprintf("concession exponent; 0 = this preset's: %v with convention genius (f = t^(1/e)), %v with convention negmas (1 − t^e); any other value overrides it",
				p.genius, p.negmas),
		}
		if p.generic {
			e.Default = 1.0
			e.Doc = "concession exponent: genius f = t^(1/e), e < 1 Boulware, e > 1 Conceder, 0 never concedes; negmas 1 − t^e, e > 1 Boulware, e < 1 Conceder, must be > 0; 1 = linear in both"
		}
		ps = append(ps, e)
	}
	ps = append(ps, Param{
		Name:    "convention",
		Doc:     "exponent convention: genius (Faratin et al. 1998 / GENIUS, f = k + (1−k)t^(1/e)) or negmas (NegMAS PolyAspiration, 1 − t^e, minus NegMAS's 0.0001 tolerance)",
		Default: conventionGenius,
		Choices: []string{conventionGenius, conventionNegmas},
	})
	if !p.hardline {
		ps = append(ps, Param{
			Name:    "k",
			Doc:     "initial concession κ in [0, 1]: the share of the range hi − lo conceded at t = 0 (convention genius only; must be 0 with negmas)",
			Default: 0.0,
			Min:     0,
			Max:     1,
		})
	}
	ps = append(ps, opponentModelParam(modelNone, ""), bandParam())
	return append(ps, acceptanceParams()...)
}

// defaultBand is the width of the target band within which a strategy with
// an opponent model looks for the outcome best for the opponent.
const defaultBand = 0.02

// bandParam is the "band" parameter of the strategies with an
// opponent_model parameter.
func bandParam() Param {
	return Param{
		Name:    "band",
		Doc:     "width of the utility band [target, target + band] in which, with an opponent model, the party offers the outcome the model rates best for the opponent (at most 512 outcomes of the band, from the party's least good up, are scored)",
		Default: defaultBand,
		Min:     0,
		Max:     1,
	}
}

// newTimeDependent returns the constructor of preset p.
func newTimeDependent(p preset) func(Params) (sim.Maker, error) {
	return func(params Params) (sim.Maker, error) {
		v, err := resolve(timeDependentParams(p), params)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		m := &timeDependentMaker{name: p.name, negmas: v.str("convention") == conventionNegmas, model: v.str("opponent_model"), band: v.float("band")}
		var errs []error
		switch {
		case p.hardline && m.negmas:
			m.e = math.Inf(1) // NegMAS's "hardheaded" exponent
		case p.hardline:
			m.e = 0 // GENIUS: e = 0 never concedes
		default:
			m.e, m.k = v.float("e"), v.float("k")
			if m.e == 0 && !p.generic {
				m.e = p.genius
				if m.negmas {
					m.e = p.negmas
				}
			}
			if m.negmas && m.e == 0 {
				errs = append(errs, errors.New("e = 0 is not allowed with convention negmas, where the exponent applies to t directly and 0 would concede everything at once; use hardliner to never concede"))
			}
			if m.negmas && m.k != 0 {
				errs = append(errs, fmt.Errorf("k = %v is not allowed with convention negmas, which has no initial concession; use convention genius or k = 0", m.k))
			}
		}
		def := acceptNext
		if m.negmas {
			def = acceptTarget
		}
		if m.acc, err = newAcceptance(v, def); err != nil {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			return nil, fmt.Errorf("%s: %w", p.name, errors.Join(errs...))
		}
		return m, nil
	}
}

// timeDependentMaker makes time-dependent strategies. It is immutable and
// safe for concurrent use.
type timeDependentMaker struct {
	name   string  // the preset's name, for explanations
	negmas bool    // convention negmas
	e      float64 // exponent in the chosen convention
	k      float64 // initial concession (genius only)
	acc    acceptance
	model  string  // opponent model kind
	band   float64 // width of the target band searched with a model
}

var (
	_ sim.Maker    = (*timeDependentMaker)(nil)
	_ sim.Strategy = (*timeDependent)(nil)
	_ acceptor     = acNext{}
	_ acceptor     = (*acConst)(nil)
	_ acceptor     = (*acTime)(nil)
	_ acceptor     = acTarget{}
	_ acceptor     = (*acCombi)(nil)
)

// target returns the target utility at relative time t ∈ [0, 1] for the
// utility range [lo, hi], lo ≤ hi.
func (m *timeDependentMaker) target(t, lo, hi float64) float64 {
	var v float64
	if m.negmas {
		// NegMAS: the aspiration 1 − t^e is scaled to [lo, hi] as
		// (hi − lo)·a + lo, then the tolerance is subtracted; same order
		// of operations, so the same floating-point result.
		v = (hi-lo)*(1-math.Pow(t, m.e)) + lo - negmasTolerance
	} else {
		f := m.k
		if m.e > 0 {
			f = m.k + (1-m.k)*math.Pow(t, 1/m.e)
		}
		v = lo + (hi-lo)*(1-f)
	}
	return max(lo, min(hi, v))
}

// NewStrategy returns a fresh strategy for one session.
func (m *timeDependentMaker) NewStrategy(self *sim.Self) sim.Strategy {
	s := &timeDependent{m: m, self: self, cTime: math.NaN()}
	if self == nil || self.Utility == nil || self.Utility.Len() == 0 {
		s.walk = true
		return s
	}
	u := self.Utility
	s.hi = u.Max()
	s.lo = max(u.Min(), self.Reservation)
	s.walk = !(s.hi >= self.Reservation)
	if s.acc = s.accs.build(m.acc, self); s.acc == nil {
		s.acc = acNext{}
	}
	if self.Space != nil && self.Space.Size() == u.Len() {
		s.model = newModel(m.model, self)
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// timeDependent plays one session. It computes its plan (target and next
// offer) once per relative time and reuses it for the Respond and Propose
// of the same turn, and allocates nothing while it plays.
type timeDependent struct {
	m      *timeDependentMaker
	self   *sim.Self
	lo, hi float64
	walk   bool // no outcome is worth the reservation value
	acc    acceptor

	// The acceptors that carry a parameter or state live here, so that
	// one allocation holds the whole strategy.
	accs acceptors

	// model estimates the opponent's utility; nil without one.
	model opponentModel
	feed  oppFeed

	// The plan for relative time cTime (NaN before the first turn).
	cTime   float64
	cTarget float64
	cNext   sim.Outcome
	cNextU  float64
	// plans counts the plans computed, for tests.
	plans int
	// accepted and acceptedU record the last move when it was an
	// acceptance, and its utility, for Explain.
	accepted  bool
	acceptedU float64
}

// clampTime maps the turn's relative time into [0, 1], NaN to 0.
func clampTime(t float64) float64 {
	if !(t > 0) {
		return 0
	}
	return min(t, 1)
}

// plan computes the target and the next offer at relative time t, after
// the opponent model has read the opponent's new offers in h.
func (s *timeDependent) plan(t float64, h *sim.History) {
	if s.model != nil {
		for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
			if inSpace(o.Outcome, s.self.Utility.Len()) {
				s.model.update(o.Outcome)
			}
		}
	}
	if t == s.cTime {
		return
	}
	s.cTime = t
	s.plans++
	s.cTarget = s.m.target(t, s.lo, s.hi)
	u := s.self.Utility
	var o sim.Outcome
	if s.model != nil {
		o = bestInBand(u, s.model, s.cTarget, s.cTarget+s.m.band)
	} else {
		var ok bool
		if o, ok = u.Lowest(s.cTarget); !ok { // only through rounding: the target never exceeds hi
			o = u.Best()
		}
	}
	s.cNext, s.cNextU = o, u.Of(o)
}

// Propose offers the outcome of lowest own utility that meets the target,
// or with an opponent model the one of the target band best for the
// opponent.
func (s *timeDependent) Propose(t *sim.Turn) sim.Outcome {
	if s.walk {
		return sim.NoOutcome
	}
	_, tm, h := turnOf(t)
	s.plan(tm, h)
	s.accepted = false
	return s.cNext
}

// Respond accepts the offer when it is worth at least the reservation value
// and the acceptance condition holds.
func (s *timeDependent) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if s.walk {
		return sim.Walk
	}
	if t == nil || offer < 0 || int(offer) >= s.self.Utility.Len() {
		return sim.Reject
	}
	tm := clampTime(t.Time)
	s.plan(tm, t.Offers)
	u := s.self.Utility.Of(offer)
	if u >= s.self.Reservation && s.acc.accept(decision{turn: t, time: tm, u: u, next: s.cNextU, target: s.cTarget}) {
		s.accepted, s.acceptedU = true, u
		return sim.Accept
	}
	return sim.Reject
}
