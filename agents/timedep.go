package agents

import (
	"errors"
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// The conventions, as named by the "convention" parameter.
const (
	// conventionParley is parley's own: GENIUS's concession curve and
	// exponents, with parley's offer rule (the outcome of lowest utility
	// at or above the target, ties to the lowest outcome index, never below
	// the reservation value) and AC_next.
	conventionParley = "parley"
	// conventionGenius is GENIUS 9.1.10's TimeDependentAgent exactly: the
	// bid nearest the target in GENIUS's sorted outcome space, on GENIUS's
	// unrounded utilities, ties by GENIUS's hash, AC_next.
	conventionGenius = "genius"
	// conventionNegmas is NegMAS's time-based negotiators exactly:
	// PolyAspiration 1 − t^e scaled to [lo, hi] less a tolerance, the
	// presorting inverter's nearest outcome within 1e-6 below the target,
	// acceptance at the target.
	conventionNegmas = "negmas"
)

// NegMAS's tolerances: the eps its utility inverter subtracts from the
// lower end of the band (UtilBasedNegotiator), so that an outcome a hair
// below the curve still qualifies, in offering and accepting.
const (
	// negmasTolerance is the time-based negotiators' (BoulwareTB,
	// LinearTB, ConcederTB).
	negmasTolerance = 1e-4
	// negmasAspirationTolerance is AspirationNegotiator's.
	negmasAspirationTolerance = 1e-3
)

// negmasWindow is how far below its target NegMAS's presorting inverter
// still looks for the outcome nearest the target (its EPS).
const negmasWindow = 1e-6

// maxExponent bounds the exponent e. At e = 100 a GENIUS-convention agent
// has conceded 95% of its range by t = 0.6; a NegMAS-convention one only
// 0.3% by t = 0.94.
const maxExponent = 100

// preset is one member of the time-dependent family.
type preset struct {
	name    string
	summary string
	genius  float64 // exponent e in the genius and parley conventions
	negmas  float64 // exponent e in the negmas convention
	// hardline marks the strategy that never concedes; it takes no e or k.
	hardline bool
	// generic marks "time-dependent", whose e is a plain number with
	// default 1 rather than 0 meaning "the preset's exponent".
	generic bool
	// aspiration marks NegMAS's AspirationNegotiator: negmas only, with
	// its own tolerance.
	aspiration bool
}

func presets() []preset {
	return []preset{
		{name: "time-dependent", summary: "time-dependent concession with exponent e (Faratin et al. 1998), in parley's, GENIUS's or NegMAS's convention", genius: 1, negmas: 1, generic: true},
		{name: "boulware", summary: "holds firm and concedes late: time-dependent with e = 0.2 (parley, GENIUS) or 4 (NegMAS)", genius: 0.2, negmas: 4},
		{name: "linear", summary: "concedes at a constant rate: time-dependent with e = 1 (every convention)", genius: 1, negmas: 1},
		{name: "conceder", summary: "concedes early: time-dependent with e = 2 (parley, GENIUS) or 0.25 (NegMAS)", genius: 2, negmas: 0.25},
		{name: "hardliner", summary: "never concedes: always offers its best outcome", hardline: true},
		{name: "aspiration", summary: "NegMAS's AspirationNegotiator: the NegMAS Boulware curve (e = 4) with a tolerance of 0.001", negmas: 4, aspiration: true},
	}
}

const timeDependentCitation = "Faratin, Sierra & Jennings (1998), Negotiation decision functions for autonomous agents, Robotics and Autonomous Systems 24(3-4):159-182; GENIUS 9.1.10 TimeDependentAgent; NegMAS 0.15.7 time-based negotiators and AspirationNegotiator with PolyAspiration (Mohammad, Nakadai & Greenwald 2021, PRIMA 2020, LNCS 12568); acceptance conditions: Baarslag, Hindriks & Jonker (2014), Effective acceptance conditions in real-time automated negotiation, Decision Support Systems 60:68-77"

const timeDependentRule = "The target utility falls with relative time t from the best outcome's utility hi to lo = max(worst utility, reservation value). " +
	"Convention parley (default) and genius: target = lo + (hi − lo)(1 − f(t)), f(t) = k + (1 − k)·t^(1/e) (f = k when e = 0). " +
	"Convention negmas: target = max(lo, min(hi, (hi − lo)(1 − t^e) + lo − tolerance)). " +
	"Parley offers the outcome of lowest own utility that is still at least the target, ties to the lowest outcome index, so it never offers below its reservation value (with an opponent model, the outcome of [target, target + band] the model rates best for the opponent), and walks away if no outcome is worth its reservation value; it accepts by its acceptance condition (default AC_next), always also requiring u ≥ reservation value. " +
	"GENIUS (9.1.10 TimeDependentAgent) offers the bid nearest the target in its sorted outcome space (the one below only when strictly nearer), on GENIUS's unrounded utilities with ties by GENIUS's bid hash, may offer and accept below its reservation value, never walks away, and accepts (AC_next) an offer at least as good as its next bid. " +
	"NegMAS (0.15.7) offers the lowest outcome at or above the target unless an outcome no more than 1e-6 below the target is strictly nearer to it, accepts iff u ≥ target, and offers its best outcome without ever accepting when nothing is worth its reservation value."

func timeDependentInfos() []Info {
	ps := presets()
	out := make([]Info, 0, len(ps))
	for _, p := range ps {
		rule := timeDependentRule
		switch {
		case p.hardline:
			rule = "The target is always the best outcome's utility: parley and genius f(t) = 0 (e = 0, k = 0); negmas exponent +∞, target = max(lo, hi − tolerance) for t < 1. " +
				"Parley offers the outcome of lowest utility that meets the target — its best outcome — ties to the lowest index; GENIUS a bid of its best utility; NegMAS possibly one within the tolerance of it. It accepts by its acceptance condition (default AC_next: only offers as good as its best; with negmas u ≥ target)."
		case p.aspiration:
			rule = "NegMAS's AspirationNegotiator (NegMAS 0.15.7): target = max(lo, min(hi, (hi − lo)(1 − t^e) + lo − tolerance)) with e = 4 (aspiration type boulware) and tolerance 0.001, lo = max(worst utility, reservation value), hi = best utility. " +
				"It offers the lowest outcome at or above the target unless an outcome no more than 1e-6 below the target is strictly nearer to it, accepts iff u ≥ target, and offers its best outcome without ever accepting when nothing is worth its reservation value."
		case !p.generic:
			rule = fmt.Sprintf("Time-dependent with e = %v in the parley and genius conventions or e = %v in the negmas convention (the two are reciprocal). ", p.genius, p.negmas) + rule
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
	switch {
	case p.aspiration:
		ps = append(ps, Param{
			Name:    "e",
			Min:     0,
			Max:     maxExponent,
			Default: p.negmas,
			Doc:     "NegMAS aspiration exponent of 1 − t^e, greater than 0: 4 (NegMAS's boulware aspiration type, the default), 1 (linear), 0.25 (conceder)",
		})
	case !p.hardline:
		e := Param{
			Name:    "e",
			Min:     0,
			Max:     maxExponent,
			Default: 0.0,
			Doc: fmt.Sprintf("concession exponent; 0 = this preset's: %v with convention genius or parley (f = t^(1/e)), %v with convention negmas (1 − t^e); any other value overrides it",
				p.genius, p.negmas),
		}
		if p.generic {
			e.Default = 1.0
			e.Doc = "concession exponent: parley and genius f = t^(1/e), e < 1 Boulware, e > 1 Conceder, 0 never concedes; negmas 1 − t^e, e > 1 Boulware, e < 1 Conceder, must be > 0; 1 = linear in all three"
		}
		ps = append(ps, e)
	}
	if !p.aspiration {
		ps = append(ps, Param{
			Name:    "convention",
			Doc:     "parley (default: GENIUS's curve f = k + (1−k)t^(1/e) with parley's offer rule: the lowest outcome at or above the target, never below the reservation value), genius (GENIUS 9.1.10's TimeDependentAgent exactly: the bid nearest the target, on GENIUS's unrounded utilities) or negmas (NegMAS 0.15.7's time-based negotiators exactly: 1 − t^e less the tolerance, the outcome nearest the target within 1e-6 below it)",
			Default: conventionParley,
			Choices: []string{conventionParley, conventionGenius, conventionNegmas},
		})
	}
	if !p.hardline && !p.aspiration {
		ps = append(ps, Param{
			Name:    "k",
			Doc:     "initial concession κ in [0, 1]: the share of the range hi − lo conceded at t = 0 (conventions parley and genius; must be 0 with negmas)",
			Default: 0.0,
			Min:     0,
			Max:     1,
		})
	}
	tol := Param{
		Name:    "tolerance",
		Doc:     "NegMAS's tolerance (convention negmas only): outcomes up to this much below the target curve count as meeting it, in offering and accepting; 0.0001 as NegMAS's time-based negotiators",
		Default: negmasTolerance,
		Min:     0,
		Max:     1,
	}
	if p.aspiration {
		tol.Default = negmasAspirationTolerance
		tol.Doc = "NegMAS's tolerance: outcomes up to this much below the target curve count as meeting it, in offering and accepting; 0.001 as NegMAS's AspirationNegotiator"
	}
	ps = append(ps, tol)
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
		m := &timeDependentMaker{name: p.name, conv: v.str("convention"), tol: v.float("tolerance"), model: v.str("opponent_model"), band: v.float("band")}
		if p.aspiration {
			m.conv = conventionNegmas
		}
		var errs []error
		negmas := m.conv == conventionNegmas
		switch {
		case p.hardline && negmas:
			m.e = math.Inf(1) // NegMAS's "hardheaded" exponent
		case p.hardline:
			m.e = 0 // GENIUS: e = 0 never concedes
		default:
			m.e, m.k = v.float("e"), v.float("k")
			if m.e == 0 && !p.generic && !p.aspiration {
				m.e = p.genius
				if negmas {
					m.e = p.negmas
				}
			}
			if negmas && m.e == 0 {
				errs = append(errs, errors.New("e = 0 is not allowed with convention negmas, where the exponent applies to t directly and 0 would concede everything at once; use hardliner to never concede"))
			}
			if negmas && m.k != 0 {
				errs = append(errs, fmt.Errorf("k = %v is not allowed with convention negmas, which has no initial concession; use convention parley or genius, or k = 0", m.k))
			}
		}
		if m.tol != negmasTolerance && !negmas {
			errs = append(errs, fmt.Errorf("tolerance = %v applies to convention negmas only, not %s (leave it at its default, 0.0001)", m.tol, m.conv))
		}
		if m.conv == conventionGenius && m.model != modelNone {
			errs = append(errs, fmt.Errorf("opponent_model %s is not allowed with convention genius: GENIUS's TimeDependentAgent has no opponent model; use convention parley", m.model))
		}
		def := acceptNext
		if negmas {
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

// timeDependentMaker makes time-dependent strategies. It is safe for
// concurrent use; with convention genius it keeps GENIUS's sorted outcome
// space of the last utility it saw.
type timeDependentMaker struct {
	name  string  // the preset's name, for explanations
	conv  string  // conventionParley, conventionGenius or conventionNegmas
	e     float64 // exponent in the chosen convention
	k     float64 // initial concession (parley and genius)
	tol   float64 // NegMAS's tolerance (negmas)
	acc   acceptance
	model string  // opponent model kind
	band  float64 // width of the target band searched with a model
	cache geniusCache
	pows  powCache // genius and negmas: t's power at every round
	// patience runs the clock to the effective horizon instead of the
	// deadline (the patience strategy, patience.go), with the perceived
	// breakdown probability breakdown (−1: the protocol's).
	patience  bool
	breakdown float64
}

// EffectiveParams reports the exponent the strategy plays with: for a
// preset whose e is 0, the preset's exponent in the chosen convention (0.2
// for a parley or GENIUS Boulware, 4 for a NegMAS one). The scenario reader
// finds this method by type assertion and writes the value into the
// resolved scenario, so that it says which curve was played and readers
// of a manifest need no table of the presets. The hardliners declare no e,
// so the reader ignores theirs.
func (m *timeDependentMaker) EffectiveParams() Params { return Params{"e": m.e} }

var (
	_ sim.Maker    = (*timeDependentMaker)(nil)
	_ sim.Strategy = (*timeDependent)(nil)
	_ acceptor     = acNext{}
	_ acceptor     = (*acConst)(nil)
	_ acceptor     = (*acTime)(nil)
	_ acceptor     = acTarget{}
	_ acceptor     = (*acCombi)(nil)
)

// powerExponent returns the exponent the convention raises t to: 1/e
// with parley and genius (f = k + (1 − k)·t^(1/e)), e with negmas
// (1 − t^e); 0 when the curve does not depend on t (e = 0, parley and
// genius).
func (m *timeDependentMaker) powerExponent() float64 {
	switch {
	case m.conv == conventionNegmas:
		return m.e
	case m.e > 0:
		return 1 / m.e
	}
	return 0
}

// power returns t raised to the convention's exponent: by math.Pow with
// convention parley, by accuratePow (the correctly rounded power, as the
// platforms compute it) with genius and negmas.
func (m *timeDependentMaker) power(t float64) float64 {
	x := m.powerExponent()
	switch {
	case x == 0:
		return 0
	case m.conv == conventionParley:
		return math.Pow(t, x)
	}
	return accuratePow(t, x)
}

// target returns the target utility at relative time t ∈ [0, 1] for the
// utility range [lo, hi]. With conventions parley and negmas it lies in
// [lo, hi] (lo when lo > hi); GENIUS does not clamp, so with lo > hi
// (a reservation value above every utility) its target rises above hi.
func (m *timeDependentMaker) target(t, lo, hi float64) float64 {
	return m.curve(m.power(t), lo, hi)
}

// curve returns the target for the power pw of t (power).
func (m *timeDependentMaker) curve(pw, lo, hi float64) float64 {
	if m.conv == conventionNegmas {
		// NegMAS: the aspiration 1 − t^e is scaled to [lo, hi] as
		// (hi − lo)·a + lo, then the tolerance is subtracted, then the
		// result is clamped to [lo, hi]; same order of operations, so the
		// same floating-point result.
		v := (hi-lo)*(1-pw) + lo - m.tol
		return max(lo, min(hi, v))
	}
	f := m.k
	if m.e > 0 {
		f = m.k + (1-m.k)*pw
	}
	v := lo + (hi-lo)*(1-f)
	if m.conv == conventionGenius {
		return v
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
	switch m.conv {
	case conventionGenius:
		s.g = m.cache.get(u, self.Space)
		n := len(s.g.du)
		s.hi, s.lo = s.g.du[0], max(s.g.du[n-1], self.Reservation)
	default:
		s.hi = u.Max()
		s.lo = max(u.Min(), self.Reservation)
		// Parley walks away when nothing is worth its reservation value;
		// NegMAS offers its best outcome and never accepts.
		s.walk = m.conv == conventionParley && !(s.hi >= self.Reservation)
	}
	if m.patience {
		s.patienceClock()
	}
	if x := m.powerExponent(); m.conv != conventionParley && x != 0 {
		s.pows = m.pows.table(self.Deadline, x)
	}
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
	lo, hi float64 // with genius: GENIUS's Pmin and Pmax
	walk   bool    // no outcome is worth the reservation value (parley)
	acc    acceptor
	g      *geniusSorted // GENIUS's sorted outcome space (genius)
	pows   *powTable     // t's power at every round (genius, negmas); may be nil

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
	// The patience strategy's effective horizon (patience.go): the
	// factor d of a round's delay, the horizon r* in rounds, and clock,
	// (D + 1)/(H + 1) when the horizon comes before the deadline, else 0.
	delay, horizon, clock float64
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

// negmasOffer is the outcome NegMAS's presorting inverter returns for the
// target u*: the lowest outcome at or above u*, unless an outcome no more
// than 1e-6 below u* is strictly nearer to it (on equal distance, the one
// at or above wins). Without an outcome at or above u* the start is the
// best outcome. Among outcomes of exactly equal utility NegMAS takes the
// first in numpy's unstable argsort order, which depends on the numpy
// version and the processor; parley takes the lowest outcome index.
func negmasOffer(u *sim.Utility, target float64) sim.Outcome {
	ranked := u.Ranked()
	k := u.AtLeast(target)
	i := min(k, len(ranked)-1)
	best := ranked[i]
	if k > 0 {
		below := u.Of(ranked[k-1])
		if below >= target-negmasWindow && math.Abs(below-target) < math.Abs(u.Of(best)-target) {
			best = ranked[u.AtLeast(below)] // the first of its tie group
		}
	}
	return best
}

// plan computes the target and the next offer at relative time t of round
// r, after the opponent model has read the opponent's new offers in h.
func (s *timeDependent) plan(r int, t float64, h *sim.History) {
	if s.model != nil {
		for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
			if inSpace(o.Outcome, s.self.Utility.Len()) {
				s.model.update(o.Outcome)
			}
		}
	}
	if s.m.patience {
		t = s.patienceTime(t)
	}
	if t == s.cTime {
		return
	}
	s.cTime = t
	s.plans++
	if s.pows != nil {
		s.cTarget = s.m.curve(powAt(s.pows, r, t, s.pows.e), s.lo, s.hi)
	} else {
		s.cTarget = s.m.target(t, s.lo, s.hi)
	}
	u := s.self.Utility
	if s.g != nil {
		s.cNext = s.g.desc[s.g.near(s.cTarget)]
		s.cNextU = s.g.u[s.cNext]
		return
	}
	var o sim.Outcome
	switch {
	case s.model != nil:
		o = bestInBand(u, s.model, s.cTarget, s.cTarget+s.m.band)
	case s.m.conv == conventionNegmas:
		o = negmasOffer(u, s.cTarget)
	default:
		var ok bool
		if o, ok = u.Lowest(s.cTarget); !ok { // only through rounding: the target never exceeds hi
			o = u.Best()
		}
	}
	s.cNext, s.cNextU = o, u.Of(o)
}

// Propose offers the planned outcome: by convention, the outcome of lowest
// own utility that meets the target (parley), GENIUS's bid nearest the
// target (genius) or NegMAS's inverter's choice (negmas); with an opponent
// model, the one of the target band best for the opponent.
func (s *timeDependent) Propose(t *sim.Turn) sim.Outcome {
	if s.walk {
		return sim.NoOutcome
	}
	r, tm, h := turnOf(t)
	s.plan(r, tm, h)
	s.accepted = false
	return s.cNext
}

// Respond accepts the offer when the acceptance condition holds; with
// conventions parley and negmas the offer must also be worth at least the
// reservation value (GENIUS's agent does not check it).
func (s *timeDependent) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if s.walk {
		return sim.Walk
	}
	if t == nil || offer < 0 || int(offer) >= s.self.Utility.Len() {
		return sim.Reject
	}
	r, tm, h := turnOf(t)
	s.plan(r, tm, h)
	var u float64
	if s.g != nil {
		u = s.g.u[offer]
	} else {
		u = s.self.Utility.Of(offer)
		if u < s.self.Reservation {
			return sim.Reject
		}
	}
	if s.acc.accept(decision{turn: t, time: tm, u: u, next: s.cNextU, target: s.cTarget}) {
		s.accepted, s.acceptedU = true, u
		return sim.Accept
	}
	return sim.Reject
}
