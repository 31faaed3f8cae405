package agents

import (
	"errors"
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// The imitative tactics of Faratin, Sierra & Jennings (1998).
const (
	tftRelative = "tft-relative"
	tftRandom   = "tft-random"
	tftAveraged = "tft-averaged"
)

// targetEps is subtracted from a target utility computed by arithmetic
// before the outcome that meets it is looked up, so that rounding (0.1 +
// 0.8 is not 0.9) does not skip an outcome worth exactly the target.
const targetEps = 1e-12

// maxTFTWindow is the largest imitation window δ or γ.
const maxTFTWindow = 100

const tftCitation = "Faratin, Sierra & Jennings (1998), Negotiation decision functions for autonomous agents, Robotics and Autonomous Systems 24(3-4):159-182, behaviour-dependent (imitative) tactics; acceptance: the interpretation rule (AC_next) or any of Baarslag, Hindriks & Jonker (2014)"

const tftScale = "Imitation acts on utilities: the opponent's offers are read as the party's own utility v of them, and the party's own position x is its target utility, starting at its best outcome's utility; the result is clamped to [lo, hi] (lo = max(worst utility, reservation value)). " +
	"The party offers the outcome of lowest utility at least x (or, with an opponent model, the one of [x, x + band] best for the opponent) and accepts by AC_next unless told otherwise, always requiring u ≥ reservation value. Until the opponent has made enough offers for the window, the party holds its position."

func tftInfos() []Info {
	return []Info{
		{
			Name:    tftRelative,
			Summary: "relative tit-for-tat: concedes in proportion to the opponent's concession δ offers back (Faratin et al. 1998)",
			Rule: "x' = x · v[k−δ] / v[k−δ+1], where v[k] is the party's utility of the opponent's latest offer and x its previous target (Faratin's x_{a→b}[t_{n+1}] = x_{b→a}[t_{n−2δ}] / x_{b→a}[t_{n−2δ+2}] · x_{a→b}[t_{n−1}] with the party's utility as the single issue). " +
				"Where either utility is 0 the ratio is undefined and the step falls back to the absolute form x' = x + v[k−δ] − v[k−δ+1]. " + tftScale,
			Citation: tftCitation,
			Params:   tftParams(tftRelative),
			New:      newTFT(tftRelative),
		},
		{
			Name:     tftRandom,
			Summary:  "random absolute tit-for-tat: concedes as much utility as the opponent did δ offers back, plus a random concession up to M",
			Rule:     "x' = x + (v[k−δ] − v[k−δ+1]) − R(M), R(M) uniform in [0, M] from the party's random stream (Faratin's (−1)^s R(M) with s = 1 for a score that increases with the issue: the random term is always a concession). " + tftScale,
			Citation: tftCitation,
			Params:   tftParams(tftRandom),
			New:      newTFT(tftRandom),
		},
		{
			Name:     tftAveraged,
			Summary:  "averaged tit-for-tat: concedes in proportion to the opponent's concession over its last γ offers",
			Rule:     "x' = x · v[k−γ] / v[k], the proportional change of the opponent's offers over a window of γ offers (γ = 1 is relative tit-for-tat with δ = 1); where either utility is 0 the step falls back to x' = x + v[k−γ] − v[k]. " + tftScale,
			Citation: tftCitation,
			Params:   tftParams(tftAveraged),
			New:      newTFT(tftAveraged),
		},
	}
}

func tftParams(kind string) []Param {
	var ps []Param
	switch kind {
	case tftAveraged:
		ps = append(ps, Param{Name: "gamma", Doc: "window γ: the opponent's change over its last γ offers is imitated; an integer in [1, 100]", Default: 2.0, Min: 1, Max: maxTFTWindow})
	default:
		ps = append(ps, Param{Name: "delta", Doc: "delay δ: the party imitates the opponent's step between its (δ+1)-th and δ-th latest offers; an integer in [1, 100]", Default: 1.0, Min: 1, Max: maxTFTWindow})
	}
	if kind == tftRandom {
		ps = append(ps, Param{Name: "m", Doc: "M: largest random extra concession per step, in utility, drawn uniformly from [0, M]", Default: 0.0, Min: 0, Max: 1})
	}
	ps = append(ps, opponentModelParam(modelNone, ""), bandParam())
	return append(ps, acceptanceParamsWith("next, Faratin et al.'s interpretation rule")...)
}

// integral reads a number parameter that must be a whole number.
func integral(v values, name string) (int, error) {
	x := v.float(name)
	if x != math.Trunc(x) {
		return 0, fmt.Errorf("%s = %v is not a whole number", name, x)
	}
	return int(x), nil
}

func newTFT(kind string) func(Params) (sim.Maker, error) {
	return func(p Params) (sim.Maker, error) {
		v, err := resolve(tftParams(kind), p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		m := &tftMaker{kind: kind, m: v.float("m"), model: v.str("opponent_model"), band: v.float("band")}
		var errs []error
		name := "delta"
		if kind == tftAveraged {
			name = "gamma"
		}
		if m.window, err = integral(v, name); err != nil {
			errs = append(errs, err)
		}
		if m.acc, err = newAcceptance(v, acceptNext); err != nil {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			return nil, fmt.Errorf("%s: %w", kind, errors.Join(errs...))
		}
		return m, nil
	}
}

// tftMaker makes tit-for-tat strategies. It is immutable.
type tftMaker struct {
	kind   string
	window int     // δ or γ
	m      float64 // M of random absolute tit-for-tat
	acc    acceptance
	model  string
	band   float64
}

var (
	_ sim.Maker    = (*tftMaker)(nil)
	_ sim.Strategy = (*tft)(nil)
)

// imitate applies Faratin et al.'s imitative rule. opp holds the thread of
// the opponent's offers, oldest first, as numbers on the scale imitated;
// mine is the party's previous offer on the same scale; window is δ or γ;
// r is the random term R(M) and sign its sign (−1)^s. It reports false
// when opp is too short for the window.
//
//   - relative:        x' = opp[k−δ] / opp[k−δ+1] · mine
//   - random absolute: x' = mine + (opp[k−δ] − opp[k−δ+1]) + sign·r
//   - averaged:        x' = opp[k−γ] / opp[k] · mine
//
// with k the index of the opponent's latest offer. In Faratin's notation
// opp[k] is x_{b→a}[t_n], opp[k−1] is x_{b→a}[t_{n−2}], and so on.
func imitate(kind string, opp []float64, mine float64, window int, sign, r float64) (float64, bool) {
	k := len(opp) - 1
	if k < window || window < 1 {
		return mine, false
	}
	switch kind {
	case tftRandom:
		return mine + (opp[k-window] - opp[k-window+1]) + sign*r, true
	case tftAveraged:
		return opp[k-window] / opp[k] * mine, true
	default:
		return opp[k-window] / opp[k-window+1] * mine, true
	}
}

// NewStrategy returns a fresh strategy for one session.
func (m *tftMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if !usable(self) {
		return walker{}
	}
	s := &tft{m: m, self: self, planRound: -1}
	s.lo, s.hi = rangeOf(self)
	s.x = s.hi
	s.ring = make([]float64, m.window+1)
	s.acc = s.accs.build(m.acc, self)
	if s.acc == nil {
		s.acc = acNext{}
	}
	if self.Space != nil && self.Space.Size() == self.Utility.Len() {
		s.model = newModel(m.model, self)
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// tft plays one session of a tit-for-tat tactic.
type tft struct {
	m      *tftMaker
	self   *sim.Self
	lo, hi float64
	acc    acceptor
	accs   acceptors
	model  opponentModel
	feed   oppFeed

	// ring holds the party's utility of the opponent's last len(ring)
	// offers; count is how many it has received.
	ring  []float64
	count int
	// thread is ring in order, oldest first, for imitate.
	thread [maxTFTWindow + 1]float64

	x float64 // the party's current position (target utility)

	planRound int
	planTime  float64
	next      sim.Outcome
	nextU     float64

	// accepted and acceptedU record the last move when it was an
	// acceptance, and its utility, for Explain.
	accepted  bool
	acceptedU float64
}

// plan reads the opponent's new offers and, once per turn, moves the
// position and picks the next offer.
func (s *tft) plan(round int, tm float64, h *sim.History) {
	u := s.self.Utility
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if !inSpace(o.Outcome, u.Len()) {
			continue
		}
		s.ring[s.count%len(s.ring)] = u.Of(o.Outcome)
		s.count++
		if s.model != nil {
			s.model.update(o.Outcome)
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	n := min(s.count, len(s.ring))
	thread := s.thread[:n]
	for i := range thread {
		thread[i] = s.ring[(s.count-n+i)%len(s.ring)]
	}
	var r float64
	if s.m.kind == tftRandom && s.m.m > 0 && n > s.m.window {
		r = s.m.m * draw(s.self)
	}
	x, ok := s.step(thread, r)
	if ok {
		s.x = max(s.lo, min(s.hi, x))
	}
	s.next = bestInBand(u, s.model, s.x-targetEps, s.x+s.m.band)
	s.nextU = u.Of(s.next)
}

// step applies the tactic to the thread; a ratio of utilities where either
// is not positive falls back to the absolute form.
func (s *tft) step(thread []float64, r float64) (float64, bool) {
	kind, w := s.m.kind, s.m.window
	k := len(thread) - 1
	if k < w {
		return s.x, false
	}
	if kind != tftRandom {
		a, b := thread[k-w], thread[k-w+1]
		if kind == tftAveraged {
			b = thread[k]
		}
		if !(a > 0 && b > 0) {
			return s.x + a - b, true
		}
	}
	// The party's score increases with its utility: s = 1, sign −1.
	return imitate(kind, thread, s.x, w, -1, r)
}

// Propose offers the outcome of lowest utility at least the position.
func (s *tft) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	s.accepted = false
	return s.next
}

// Respond accepts by the acceptance condition, never below the reservation
// value.
func (s *tft) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, s.self.Utility.Len()) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	u := s.self.Utility.Of(offer)
	if u >= s.self.Reservation && s.acc.accept(decision{turn: t, time: tm, u: u, next: s.nextU, target: s.x}) {
		s.accepted, s.acceptedU = true, u
		return sim.Accept
	}
	return sim.Reject
}
