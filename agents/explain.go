package agents

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// The strategies that can say why they moved (sim.Explainer). The engine
// asks only in traced sessions, so explanations may allocate.
var (
	_ sim.Explainer = (*timeDependent)(nil)
	_ sim.Explainer = (*tft)(nil)
	_ sim.Explainer = (*rubinstein)(nil)
	_ sim.Explainer = (*zeuthen)(nil)
	_ sim.Explainer = (*micro)(nil)
)

// num formats a utility, share or relative time for an explanation.
func num(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// ordinal returns "1st", "2nd", "3rd", "4th", ... for n ≥ 1.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// acceptReason explains an acceptance by condition a of an offer worth u,
// when the party's own next offer would be worth next, its target is
// target and the relative time is t.
func acceptReason(a acceptance, u, next, target, t float64) string {
	worth := "accepts: the offer is worth " + num(u) + " to it, "
	switch a.kind {
	case acceptTarget:
		return worth + "at least its target " + num(target)
	case acceptConst:
		return worth + "at least its threshold " + num(a.threshold)
	case acceptTime:
		return fmt.Sprintf("accepts: from t = %s on it takes any offer worth its reservation value (t = %s)", num(a.time), num(t))
	case acceptCombi:
		if u < next {
			return fmt.Sprintf("accepts: near the deadline (t = %s ≥ %s), the offer (%s) is as good as any it received in the time left", num(t), num(a.time), num(u))
		}
	}
	return worth + "at least as much as its own next offer (" + num(next) + ")"
}

// presetLabel is the name of a time-dependent preset in an explanation.
func presetLabel(name string) string {
	switch name {
	case "boulware":
		return "Boulware"
	case "conceder":
		return "Conceder"
	case "aspiration":
		return "NegMAS Aspiration"
	}
	return name
}

// Explain says why the party made its last move: its target utility at
// the time of the move, or why it accepted or walked away.
func (s *timeDependent) Explain() string {
	switch {
	case s.walk:
		return "walks away: no outcome is worth its reservation value " + num(s.self.Reservation)
	case s.accepted:
		return acceptReason(s.m.acc, s.acceptedU, s.cNextU, s.cTarget, s.cTime)
	case s.m.name == "hardliner":
		return "never concedes: always asks for its best outcome"
	}
	m := s.m
	var b strings.Builder
	if m.patience {
		s.explainPatience(&b)
	} else {
		fmt.Fprintf(&b, "target %s at t = %s (%s", num(s.cTarget), num(s.cTime), presetLabel(m.name))
	}
	switch {
	case m.name == "aspiration", m.patience:
	case m.conv == conventionNegmas:
		b.WriteString(", NegMAS convention")
	case m.conv == conventionGenius:
		b.WriteString(", GENIUS convention")
	}
	fmt.Fprintf(&b, ", e = %s", strconv.FormatFloat(m.e, 'g', 3, 64)) // a drawn e has all its digits
	if m.k != 0 {
		fmt.Fprintf(&b, ", k = %s", strconv.FormatFloat(m.k, 'g', 3, 64))
	}
	b.WriteString(")")
	if m.patience {
		s.explainHorizon(&b)
	}
	if s.g != nil && s.cNextU < s.cTarget {
		fmt.Fprintf(&b, "; its nearest bid, %s, lies below it", num(s.cNextU))
	}
	if s.m.conv == conventionNegmas && s.cNextU < s.cTarget {
		fmt.Fprintf(&b, "; the outcome nearest it, %s, lies within 1e-6 below it", num(s.cNextU))
	}
	if s.cTarget <= s.lo {
		if s.lo == s.self.Reservation {
			b.WriteString(": down to its reservation value, it concedes no further")
		} else {
			b.WriteString(": down to its worst outcome")
		}
	}
	if s.model != nil {
		fmt.Fprintf(&b, "; within %s above it, the outcome its opponent model rates best for the opponent", num(m.band))
	}
	return b.String()
}

// tftLabel names a tit-for-tat tactic with its window.
func tftLabel(m *tftMaker) string {
	switch m.kind {
	case tftAveraged:
		return fmt.Sprintf("averaged tit-for-tat, γ = %d", m.window)
	case tftRandom:
		return fmt.Sprintf("random absolute tit-for-tat, δ = %d, M = %g", m.window, m.m)
	}
	return fmt.Sprintf("relative tit-for-tat, δ = %d", m.window)
}

// Explain says which of the opponent's moves the party imitated.
func (s *tft) Explain() string {
	if s.accepted {
		return acceptReason(s.m.acc, s.acceptedU, s.nextU, s.x, s.planTime)
	}
	w := s.m.window
	n := min(s.count, len(s.ring))
	thread := s.thread[:n]
	k := n - 1
	label := tftLabel(s.m)
	if k < w {
		return fmt.Sprintf("holds its position %s until the opponent has made %d offers (%s)", num(s.x), w+1, label)
	}
	// The opponent's concession imitated, in the party's own utility.
	step := thread[k-w+1] - thread[k-w]
	over := ""
	if s.m.kind == tftAveraged {
		step = thread[k] - thread[k-w]
		over = fmt.Sprintf(" over its last %d offers", w)
	}
	var b strings.Builder
	switch {
	case step > 0:
		fmt.Fprintf(&b, "mirrors the opponent's concession of %s%s", num(step), over)
	case step < 0:
		fmt.Fprintf(&b, "mirrors the opponent's hardening by %s%s", num(-step), over)
	default:
		fmt.Fprintf(&b, "the opponent did not move%s, so neither does it", over)
	}
	if s.m.kind == tftRandom && s.m.m > 0 {
		fmt.Fprintf(&b, ", plus a random concession of up to %s", num(s.m.m))
	}
	fmt.Fprintf(&b, ": its position is %s (%s)", num(s.x), label)
	if s.x <= s.lo {
		b.WriteString(", as low as it will go")
	}
	return b.String()
}

// The last move of a rubinstein strategy, for Explain.
const (
	rubinsteinPropose uint8 = iota
	rubinsteinAccept
	rubinsteinWalk
)

// Explain says how the party's move follows from the subgame-perfect
// equilibrium of the game it solved.
func (s *rubinstein) Explain() string {
	g, k, me := s.g, s.lastK, s.me
	if k >= g.T {
		if s.horizon {
			return fmt.Sprintf("walks away: its horizon of %d offers has passed", g.T)
		}
		return "asks for its best outcome: past the last offer that could still be answered"
	}
	_, choice, offer, lot := g.node(k, s.vals.at(k+1))
	res := g.res[me]
	switch s.lastMove {
	case rubinsteinAccept:
		return fmt.Sprintf("accepts: taking the offer is worth at least what rejecting would bring it (%s, discounted; SPE, offer %d)", num(max(res, lot[me])), k)
	case rubinsteinWalk:
		return fmt.Sprintf("walks away: its reservation value %s beats what rejecting and going on would bring it (%s)", num(res), num(lot[me]))
	}
	switch choice {
	case choiceWalk:
		return fmt.Sprintf("walks away: its reservation value %s beats every deal the opponent would accept", num(res))
	case choiceRefuse:
		return "asks for its best outcome, expecting a refusal: no offer the opponent would accept beats waiting"
	}
	own := s.self.Utility.Of(offer)
	opp := 1 - own
	for _, p := range g.front {
		if p.o == offer {
			opp = p.u[1-me]
			break
		}
	}
	share := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
	return fmt.Sprintf("offers the equilibrium split: %s of the pie for itself and %s for the opponent, at least what rejecting would be worth to it (subgame-perfect equilibrium, offer %d)", share(own), share(opp), k)
}

// The reasons of a Zeuthen proposal, for Explain.
const (
	zeuthenOpen    uint8 = iota // no proposal of the opponent yet
	zeuthenBlind                // no model of the opponent
	zeuthenAgree                // the opponent's proposal is as good as its own
	zeuthenStand                // the opponent risks less: stand still
	zeuthenConcede              // it risks less (or as much): concede
	zeuthenTake                 // concede all the way to the opponent's proposal
	zeuthenStuck                // it should concede but cannot without going below its reservation value
)

// risk is Zeuthen's risk of a party that values its own proposal at own,
// the other's at other and the conflict deal at d.
func risk(own, other, d float64) float64 {
	if own <= d {
		return 1
	}
	return (own - other) / (own - d)
}

// Explain says who had more to lose, by Zeuthen's rule, and what the party
// did about it.
func (s *zeuthen) Explain() string {
	u := s.self.Utility
	if s.accepted {
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least as much as its own proposal (%s)", num(s.acceptedU), num(u.Of(s.next)))
	}
	switch s.why {
	case zeuthenOpen:
		if s.next == u.Best() || u.Of(s.next) == u.Max() {
			return "opens with its best outcome"
		}
		return fmt.Sprintf("opens with its best outcome in the negotiation set as it sees it (individually rational for both, Pareto-optimal), worth %s to it; its best outcome, worth %s, lies outside that set", num(u.Of(s.next)), num(u.Max()))
	case zeuthenBlind:
		return "knows nothing of the opponent's preferences: stands by its proposal"
	case zeuthenAgree:
		return "the opponent's proposal is at least as good as its own: it proposes it too"
	}
	mine, other := s.mine, s.other
	// Risks are close near agreement: three decimals tell them apart.
	three := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
	r1 := three(risk(u.Of(mine), u.Of(other), s.self.Reservation))
	r2 := three(risk(s.opp(other), s.opp(mine), s.oppRes))
	switch s.why {
	case zeuthenStand:
		return fmt.Sprintf("stands still: it would lose more by giving in (risk %s) than, as it sees the opponent's utility, the opponent would (risk %s)", r1, r2)
	case zeuthenTake:
		return fmt.Sprintf("concedes to the opponent's proposal: its risk %s is no larger than the opponent's %s, and nothing short of that proposal raises the Nash product", r1, r2)
	case zeuthenStuck:
		return fmt.Sprintf("should concede (risk %s against the opponent's %s) but cannot without going below its reservation value: stands still", r1, r2)
	}
	return fmt.Sprintf("concedes just enough: its risk %s is no larger than the opponent's %s (as it sees the opponent's utility); its new proposal's Nash product %s beats that of the opponent's proposal (%s)",
		r1, r2, three(s.np(s.next)), three(s.np(other)))
}

// Explain says whether MiCRO conceded a step or repeated itself, and why.
func (s *micro) Explain() string {
	switch {
	case s.accepted:
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least as much as what it would offer next (%s)", num(s.acceptedU), num(s.mine))
	case s.sentO == sim.NoOutcome:
		return "walks away: no outcome is worth its reservation value"
	case s.fresh && s.sent == 1:
		return "opens with its best outcome"
	case s.fresh:
		return fmt.Sprintf("concedes one step down its own ranking, to its %s best outcome: it had received %d different offers, no fewer than it had sent (%d)", ordinal(s.sent), s.nRecv, s.sent-1)
	}
	return fmt.Sprintf("repeats one of its earlier offers: it has sent %d different offers but received only %d, and concedes only in step with the opponent", s.sent, s.nRecv)
}

// explainPatience opens the explanation of a patience strategy's offer:
// its target on the clock of its effective horizon, or of the deadline
// when the horizon lies beyond it.
func (s *timeDependent) explainPatience(b *strings.Builder) {
	if s.clock == 0 {
		fmt.Fprintf(b, "target %s at t = %s (patience", num(s.cTarget), num(s.cTime))
		return
	}
	fmt.Fprintf(b, "target %s at τ = %s of its effective horizon, round %.1f (patience", num(s.cTarget), num(s.cTime), s.horizon)
}

// explainHorizon says where a patience strategy's horizon comes from.
func (s *timeDependent) explainHorizon(b *strings.Builder) {
	rv, hi := s.self.Reservation, s.hi
	switch {
	case math.IsInf(s.horizon, 1):
		fmt.Fprintf(b, "; delay costs it nothing against walking away (a round's factor δ(1 − p) = %.4g, reservation value %s), so it concedes on the deadline's clock", s.delay, num(rv))
	case s.horizon == 0:
		fmt.Fprintf(b, "; waiting gains it nothing (a round's factor δ(1 − p) = %.4g, best outcome %s, reservation value %s)", s.delay, num(hi), num(rv))
	case s.clock == 0:
		fmt.Fprintf(b, "; its best outcome %s, discounted by δ(1 − p) = %.4g a round, stays above its reservation value %s until round %.1f, after the deadline, so it concedes on the deadline's clock", num(hi), s.delay, num(rv), s.horizon)
	default:
		fmt.Fprintf(b, "; its best outcome %s, discounted by δ(1 − p) = %.4g a round, is worth its reservation value %s by then", num(hi), s.delay, num(rv))
	}
}
