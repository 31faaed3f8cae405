package agents

import (
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// acceptor is an acceptance condition (Baarslag, Hindriks and Jonker 2014):
// it decides whether a party accepts the standing offer, given what its
// bidding strategy plans for the same turn. The strategy checks "the offer
// is worth at least my reservation value" itself, before asking.
type acceptor interface {
	accept(d decision) bool
}

// decision is what an acceptance condition sees at one turn.
type decision struct {
	// turn is the engine's turn; it must not be kept.
	turn *sim.Turn
	// time is the relative time of the turn, clamped to [0, 1].
	time float64
	// u is the party's own utility of the standing offer.
	u float64
	// next is the party's own utility of the offer it would make at this
	// turn if it rejected.
	next float64
	// target is the bidding strategy's target utility at this turn.
	target float64
}

// The acceptance conditions, as named by the "acceptance" parameter.
const (
	acceptAuto   = "auto"
	acceptNext   = "next"
	acceptConst  = "const"
	acceptTime   = "time"
	acceptCombi  = "combi"
	acceptTarget = "target"
)

// acceptance is a configured acceptance condition: the part of a maker
// that builds one acceptor per session.
type acceptance struct {
	kind      string  // one of the accept* names; acceptAuto: the strategy's own rule
	threshold float64 // c of AC_const
	time      float64 // T of AC_time and AC_combi
}

// acceptanceParams are the parameters every time-dependent strategy takes.
func acceptanceParams() []Param {
	return acceptanceParamsWith("next with conventions parley and genius, target with negmas")
}

// acceptanceParamsWith are the parameters of a strategy with a separable
// acceptance condition; autoDoc says what acceptance auto means for it.
func acceptanceParamsWith(autoDoc string) []Param {
	return []Param{
		{
			Name:    "acceptance",
			Doc:     "acceptance condition, also requiring offer ≥ reservation value except in convention genius: auto (" + autoDoc + "); next = offer ≥ my next offer (AC_next); const = offer ≥ accept_threshold (AC_const); time = any offer once t ≥ accept_time (AC_time); combi = AC_next, or t ≥ accept_time and offer ≥ the best offer received in the last 1 − t of time (AC_combi, MAX^W); target = offer ≥ my current target u*(t) (NegMAS)",
			Default: acceptAuto,
			Choices: []string{acceptAuto, acceptNext, acceptConst, acceptTime, acceptCombi, acceptTarget},
		},
		{
			Name:    "accept_threshold",
			Doc:     "utility c in [0, 1] for acceptance const: accept any offer worth at least c",
			Default: 0.9,
			Min:     0,
			Max:     1,
		},
		{
			Name:    "accept_time",
			Doc:     "relative time T in [0, 1] for acceptance time and combi; the last round of a D-round deadline is at t = D/(D+1), so T above that never fires",
			Default: 0.98,
			Min:     0,
			Max:     1,
		},
	}
}

// newAcceptance reads the acceptance parameters; auto becomes def. With
// def = auto, auto stays: the strategy's own published rule.
func newAcceptance(v values, def string) (acceptance, error) {
	a := acceptance{
		kind:      v.str("acceptance"),
		threshold: v.float("accept_threshold"),
		time:      v.float("accept_time"),
	}
	if a.kind == acceptAuto {
		a.kind = def
	}
	switch a.kind {
	case acceptNext, acceptConst, acceptTime, acceptCombi, acceptTarget, acceptAuto:
		return a, nil
	}
	return acceptance{}, fmt.Errorf("unknown acceptance condition %q", a.kind)
}

// acceptors holds the acceptance conditions that carry a parameter or
// state, so that a strategy embeds them and one allocation holds the whole
// strategy.
type acceptors struct {
	cnst  acConst
	time  acTime
	combi acCombi
}

// build returns the acceptor of a for the party self, or nil for auto: the
// strategy's own rule.
func (s *acceptors) build(a acceptance, self *sim.Self) acceptor {
	switch a.kind {
	case acceptNext:
		return acNext{}
	case acceptConst:
		s.cnst = acConst{c: a.threshold}
		return &s.cnst
	case acceptTime:
		s.time = acTime{t: a.time}
		return &s.time
	case acceptCombi:
		s.combi = acCombi{t: a.time, self: self}
		s.combi.window.buf = make([]received, 0, 16)
		return &s.combi
	case acceptTarget:
		return acTarget{}
	}
	return nil
}

// acNext is AC_next: accept when the offer is at least as good as the
// offer the party would make next (Faratin et al.'s interpretation rule).
type acNext struct{}

func (acNext) accept(d decision) bool { return d.u >= d.next }

// acConst is AC_const(c): accept any offer worth at least c.
type acConst struct{ c float64 }

func (a *acConst) accept(d decision) bool { return d.u >= a.c }

// acTime is AC_time(T): accept any offer once the relative time reaches T.
type acTime struct{ t float64 }

func (a *acTime) accept(d decision) bool { return d.time >= a.t }

// acTarget accepts an offer that meets the bidding strategy's current
// target: NegMAS's time-based negotiators.
type acTarget struct{}

func (acTarget) accept(d decision) bool { return d.u >= d.target }

// acCombi is AC_combi(T, MAX^W): AC_next, or, once t ≥ T, any offer at
// least as good as the best offer received in the window [t − W, t] of
// length W = 1 − t, the time that remains.
type acCombi struct {
	t      float64
	self   *sim.Self
	window maxWindow
}

func (a *acCombi) accept(d decision) bool {
	if d.u >= d.next {
		return true
	}
	if d.time < a.t {
		return false
	}
	a.window.sync(d.turn.Offers, a.self)
	return d.u >= a.window.max(windowStart(d.turn.Round, a.self.Deadline))
}

// windowStart returns the first round in the window of AC_combi at round
// r. An offer of round r' was made at τ = (r'+1)/(D+1), so
// τ ≥ t − (1 − t) = 2t − 1 with t = (r+1)/(D+1) is r' ≥ 2r − D: an exact
// integer comparison.
func windowStart(r, deadline int) int { return 2*r - deadline }

// received is one offer received from the opponent.
type received struct {
	round int32
	u     float64
}

// maxWindow keeps the maximum of the utilities received over a window
// whose both ends only move forward: a monotone queue whose utilities
// strictly decrease from head to tail, so the head is the maximum. Each
// offer is pushed and popped at most once; when the opponent concedes the
// queue holds a single entry, so it rarely grows past its first capacity.
type maxWindow struct {
	buf  []received
	head int
	seen int // offers of the history already read
}

// sync reads the offers added to h since the last call and pushes those
// made by the opponent of self.
func (w *maxWindow) sync(h *sim.History, self *sim.Self) {
	if h == nil {
		return
	}
	n := h.Len()
	if w.seen > n { // a different history: start over
		w.buf, w.head, w.seen = w.buf[:0], 0, 0
	}
	for ; w.seen < n; w.seen++ {
		o := h.At(w.seen)
		if int(o.By) == self.Index || o.Outcome < 0 || int(o.Outcome) >= self.Utility.Len() {
			continue
		}
		w.push(o.Round, self.Utility.Of(o.Outcome))
	}
}

func (w *maxWindow) push(round int32, u float64) {
	for len(w.buf) > w.head && w.buf[len(w.buf)-1].u <= u {
		w.buf = w.buf[:len(w.buf)-1]
	}
	if w.head == len(w.buf) {
		w.buf, w.head = w.buf[:0], 0
	} else if len(w.buf) == cap(w.buf) && w.head > 0 {
		n := copy(w.buf, w.buf[w.head:])
		w.buf, w.head = w.buf[:n], 0
	}
	w.buf = append(w.buf, received{round: round, u: u})
}

// max returns the highest utility received in rounds from on, or −Inf if
// there is none. Successive calls must not decrease from.
func (w *maxWindow) max(from int) float64 {
	for w.head < len(w.buf) && int(w.buf[w.head].round) < from {
		w.head++
	}
	if w.head == len(w.buf) {
		return math.Inf(-1)
	}
	return w.buf[w.head].u
}
