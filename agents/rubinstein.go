package agents

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/parley-sim/parley/sim"
)

// The period conventions of the rubinstein agent.
const (
	periodRound    = "round"    // the engine's game: discount per round
	periodOffer    = "offer"    // the textbook game: every offer is a period
	periodProtocol = "protocol" // offer when the protocol discounts per offer, else round
)

// speTol is the tolerance with which a responder accepts an offer worth
// exactly its continuation value: the proposer computes that value the same
// way, and a few ulps must not turn indifference into rejection.
const speTol = 1e-9

// speBlock is the number of periods between two stored continuation values;
// the values in between are recomputed, a block at a time, as play moves
// forward.
const speBlock = 256

func rubinsteinParams() []Param {
	return []Param{
		{Name: "period", Doc: "round: play the subgame-perfect equilibrium of parley's game, where a deal in round r is discounted by δ^r (both offers of a round share the exponent) and breakdown strikes between rounds; offer: play the textbook game of Rubinstein (1982), where every offer is a period, discounted by δ^k, with breakdown after every rejection; protocol: offer when the scenario's protocol discounts per offer (discount_per: offer), round otherwise", Default: periodProtocol, Choices: []string{periodProtocol, periodRound, periodOffer}},
		{Name: "horizon", Doc: "number of offers (periods) after which the party walks away, as in the finite-horizon textbook game; 0 = all the deadline allows, 2D − 1 answerable offers; a whole number", Default: 0.0, Min: 0, Max: 2 * sim.MaxDeadline},
		{Name: "opponent_reservation", Doc: "the opponent's reservation value, in its utility: what it gets by walking away or at the deadline (public information in Rubinstein's model, which parley's Self does not carry)", Default: 0.0, Min: 0, Max: 1},
		{Name: "opponent_breakdown_value", Doc: "the opponent's utility when talks break down by chance; −1 = its reservation value, as the scenario reader assumes", Default: -1.0, Min: -1, Max: 1},
	}
}

func rubinsteinInfo() Info {
	return Info{
		Name:    "rubinstein",
		Summary: "plays the subgame-perfect equilibrium of alternating offers for the scenario's discount factors, costs, breakdown risk and deadline (Rubinstein 1982)",
		Rule: "By backward induction over the periods of the game from the last answerable offer, with the party's own utility and its perception of the opponent's (without one, a pie: the opponent gets 1 − its utility): " +
			"at each period the responder's rejection value R is the larger of its reservation value and the lottery q·(breakdown value) + (1 − q)·(value of the next period); the proposer offers, of the Pareto outcomes, the one best for itself that gives the responder at least R, " +
			"unless walking away or making an offer that will be refused is better for it. A deal on the k-th offer is worth δ^ρ·u − c·ρ, with ρ = ⌈k/2⌉ (the round the deal closes in) for period round and ρ = k for period offer. " +
			"The party offers its equilibrium offer, accepts any offer worth at least its rejection value (within 1e-9), and walks away when its reservation value beats the lottery of going on. README.md derives the equilibrium of parley's game.",
		Citation: "Rubinstein (1982), Perfect equilibrium in a bargaining model, Econometrica 50(1):97-109; Ståhl (1972) for the finite horizon; Binmore, Rubinstein & Wolinsky (1986), RAND J. Econ. 17(2):176-188, for breakdown; the game and its closed forms in sim/README.md",
		Params:   rubinsteinParams(),
		New:      newRubinstein,
	}
}

func newRubinstein(p Params) (sim.Maker, error) {
	v, err := resolve(rubinsteinParams(), p)
	if err != nil {
		return nil, fmt.Errorf("rubinstein: %w", err)
	}
	m := &rubinsteinMaker{period: v.str("period"), oppRes: v.float("opponent_reservation"), oppBreak: v.float("opponent_breakdown_value")}
	var errs []error
	if m.horizon, err = integral(v, "horizon"); err != nil {
		errs = append(errs, err)
	}
	if b := m.oppBreak; b < 0 && b != -1 {
		errs = append(errs, fmt.Errorf("opponent_breakdown_value = %v: want a value in [0, 1], or −1 for the opponent's reservation value", b))
	}
	if m.oppBreak == -1 {
		m.oppBreak = m.oppRes
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("rubinstein: %w", errors.Join(errs...))
	}
	return m, nil
}

// rubinsteinMaker makes equilibrium strategies. It is immutable.
type rubinsteinMaker struct {
	period           string // periodRound, periodOffer or periodProtocol
	horizon          int    // periods; 0 = the deadline's
	oppRes, oppBreak float64
}

var (
	_ sim.Maker    = (*rubinsteinMaker)(nil)
	_ sim.Strategy = (*rubinstein)(nil)
)

// Roles in the game: the first mover F proposes at even periods.
const (
	roleF = 0
	roleS = 1
)

// fpoint is a Pareto outcome with both roles' utilities.
type fpoint struct {
	u [2]float64 // utility of F and of S
	o sim.Outcome
}

// game is the bargaining game one party solves: both roles' parameters and
// the Pareto frontier, sorted by decreasing utility of F (so increasing
// utility of S).
type game struct {
	offer bool       // period offer
	T     int        // answerable periods 0..T−1; period T is disagreement
	D     int        // deadline in rounds
	d, c  [2]float64 // discount factor and cost per period of each role
	res   [2]float64 // reservation values
	b     [2]float64 // breakdown values
	q     float64    // breakdown probability
	front []fpoint
}

// rho returns the exponent of a deal on the k-th offer.
func (g *game) rho(k int) int {
	if g.offer {
		return k
	}
	return (k + 1) / 2
}

// payoff is role i's payoff of utility u on the k-th offer.
func (g *game) payoff(i int, u float64, k int) float64 {
	r := float64(g.rho(k))
	return math.Pow(g.d[i], r)*u - g.c[i]*r
}

// risk returns the breakdown probability after the k-th offer is rejected
// and role i's breakdown payoff then. In parley's game breakdown strikes at
// the end of a round (after F's offer of the round was rejected and S
// proposed), never after the last round, and pays the undiscounted
// breakdown value; in the textbook game it strikes after every rejection
// but the last and pays δ^k·b.
func (g *game) risk(k, i int) (q, b float64) {
	if g.offer {
		if k < g.T-1 {
			return g.q, math.Pow(g.d[i], float64(k)) * g.b[i]
		}
		return 0, 0
	}
	if k%2 == 0 && k/2+1 < g.D {
		return g.q, g.b[i]
	}
	return 0, 0
}

// bestFor returns the frontier point best for role p among those whose
// utility for the other role is at least theta.
func (g *game) bestFor(p int, theta float64) (fpoint, bool) {
	f := g.front
	if p == roleF {
		// uS increases along the frontier: the first point with uS ≥ θ.
		i := sort.Search(len(f), func(i int) bool { return f[i].u[roleS] >= theta })
		if i == len(f) {
			return fpoint{}, false
		}
		return f[i], true
	}
	// uF decreases: the points with uF ≥ θ form a prefix; its last is best
	// for S.
	j := sort.Search(len(f), func(i int) bool { return f[i].u[roleF] < theta })
	if j == 0 {
		return fpoint{}, false
	}
	return f[j-1], true
}

// The proposer's choices at a node.
const (
	choiceDeal   = iota // an offer the responder accepts
	choiceRefuse        // an offer the responder refuses
	choiceWalk          // walk away
)

// node solves the k-th period given the values next of period k+1: it
// returns the period's values, the proposer's choice and its offer, and
// the lottery L of both roles if the offer is rejected.
func (g *game) node(k int, next [2]float64) (v [2]float64, choice int, offer sim.Outcome, lot [2]float64) {
	p := k % 2
	j := 1 - p
	for i := range 2 {
		q, b := g.risk(k, i)
		lot[i] = q*b + (1-q)*next[i]
	}
	rj := max(g.res[j], lot[j])
	// Refusal: the responder walks if that beats the lottery.
	refuse := lot
	if g.res[j] > lot[j] {
		refuse = g.res
	}
	v, choice, offer = refuse, choiceRefuse, sim.NoOutcome
	if g.res[p] > v[p] {
		v, choice = g.res, choiceWalk
	}
	r := float64(g.rho(k))
	theta := (rj+g.c[j]*r)/math.Pow(g.d[j], r) - speTol
	if pt, ok := g.bestFor(p, theta); ok {
		deal := [2]float64{g.payoff(roleF, pt.u[roleF], k), g.payoff(roleS, pt.u[roleS], k)}
		if deal[p] >= v[p] {
			v, choice, offer = deal, choiceDeal, pt.o
		}
	}
	return v, choice, offer, lot
}

// stationary reports whether the game's transition, in values normalised by
// δ^ρ, does not depend on the period away from the deadline: no costs,
// and reservation and breakdown values that do not grow under the
// normalisation.
func (g *game) stationary() bool {
	for i := range 2 {
		if g.c[i] != 0 {
			return false
		}
		if g.d[i] != 1 && (g.res[i] != 0 || (!g.offer && g.q > 0 && g.b[i] != 0)) {
			return false
		}
	}
	return true
}

// normalised returns v divided by δ^ρ(k) per role.
func (g *game) normalised(v [2]float64, k int) [2]float64 {
	r := float64(g.rho(k))
	return [2]float64{v[0] / math.Pow(g.d[0], r), v[1] / math.Pow(g.d[1], r)}
}

// speValues stores the value of every period, V(k) for k = 0..T: V(T) is the
// disagreement point; V(k) for k at or below stat repeats, normalised, with
// period 2 (stat = −1 when no stationary point was found); others are kept
// every speBlock periods and recomputed a block at a time.
type speValues struct {
	g     *game
	stat  int
	statV [2][2]float64 // normalised values of even and odd periods ≤ stat
	ckpt  [][2]float64  // ckpt[i] = V(i·speBlock)
	blk   [][2]float64  // V(blkAt + i)
	blkAt int
}

func newSPEValues(g *game) *speValues {
	vs := &speValues{g: g, stat: -1, blkAt: -1, ckpt: make([][2]float64, g.T/speBlock+1), blk: make([][2]float64, speBlock+1)}
	v := g.res // V(T)
	if g.T%speBlock == 0 {
		vs.ckpt[g.T/speBlock] = v
	}
	stat := g.stationary()
	var prev [2][2]float64 // normalised V(k+1), V(k+2)
	for k := g.T - 1; k >= 0; k-- {
		v, _, _, _ = g.node(k, v)
		if k%speBlock == 0 {
			vs.ckpt[k/speBlock] = v
		}
		if stat {
			n := g.normalised(v, k)
			if k+2 <= g.T-2 && near(n, prev[1]) { // V(k) repeats V(k+2): so will every earlier period
				vs.stat = k + 1
				vs.statV[k%2] = n
				vs.statV[(k+1)%2] = prev[0]
				break
			}
			prev[1], prev[0] = prev[0], n
		}
	}
	return vs
}

// near reports whether two normalised values agree to a relative 1e-13,
// the rounding of dividing and multiplying by δ^ρ.
func near(a, b [2]float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-13*max(1, math.Abs(a[i])) {
			return false
		}
	}
	return true
}

// at returns V(k), 0 ≤ k ≤ T.
func (vs *speValues) at(k int) [2]float64 {
	g := vs.g
	if k >= g.T {
		return g.res
	}
	if k <= vs.stat {
		n := vs.statV[k%2]
		r := float64(g.rho(k))
		return [2]float64{n[0] * math.Pow(g.d[0], r), n[1] * math.Pow(g.d[1], r)}
	}
	start := k / speBlock * speBlock
	if vs.blkAt != start {
		end := min(start+speBlock, g.T)
		v := g.res
		if end < g.T {
			v = vs.ckpt[end/speBlock]
		}
		vs.blk[end-start] = v
		for j := end - 1; j >= start; j-- {
			v, _, _, _ = g.node(j, v)
			vs.blk[j-start] = v
		}
		vs.blkAt = start
	}
	return vs.blk[k-start]
}

// frontierRoles returns the Pareto frontier (sim.Frontier) of the party's
// own utility and its perception of the opponent's (1 − own without one),
// as points of the roles F and S sorted by decreasing utility of F. Of
// outcomes with equal utilities it keeps the one of lowest index.
func frontierRoles(own, opp *sim.Utility, me int) []fpoint {
	if opp == nil {
		u := make([]float64, own.Len())
		for o := range u {
			u[o] = 1 - own.Of(sim.Outcome(o))
		}
		opp = sim.NewUtilityFromValues(u)
	}
	var out []fpoint
	// By decreasing own utility, ties by increasing outcome index.
	for _, p := range sim.Frontier(own, opp, [2]float64{}, false) {
		if k := len(out) - 1; k >= 0 && out[k].u[me] == p.U[0] && out[k].u[1-me] == p.U[1] {
			continue
		}
		var f fpoint
		f.u[me], f.u[1-me], f.o = p.U[0], p.U[1], p.Outcome
		out = append(out, f)
	}
	if me == roleS { // sorted by decreasing uS: reverse to decreasing uF
		slices.Reverse(out)
	}
	return out
}

// NewStrategy solves the game for one session.
func (m *rubinsteinMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if !usable(self) {
		return walker{}
	}
	me := roleS
	if self.FirstMover {
		me = roleF
	}
	offer := m.period == periodOffer || (m.period == periodProtocol && self.DiscountPerOffer)
	g := &game{offer: offer, D: max(self.Deadline, 1), q: self.Breakdown}
	g.T = 2*g.D - 1
	if m.horizon > 0 {
		g.T = min(g.T, m.horizon)
	}
	orOne := func(d float64) float64 {
		if d > 0 && d <= 1 {
			return d
		}
		return 1
	}
	g.d[me], g.d[1-me] = orOne(self.Discount), orOne(self.OpponentDiscount)
	g.c[me], g.c[1-me] = self.Cost, self.OpponentCost
	g.res[me], g.res[1-me] = self.Reservation, m.oppRes
	g.b[me], g.b[1-me] = self.BreakdownValue, m.oppBreak
	opp := self.Opponent
	if opp != nil && opp.Len() != self.Utility.Len() {
		opp = nil
	}
	g.front = frontierRoles(self.Utility, opp, me)
	s := &rubinstein{self: self, g: g, me: me, horizon: m.horizon > 0}
	s.vals = newSPEValues(g)
	return s
}

// rubinstein plays one session of the equilibrium.
type rubinstein struct {
	self    *sim.Self
	g       *game
	vals    *speValues
	me      int  // the party's role
	horizon bool // a horizon shorter than the deadline's was set

	// For Explain: the period of the last move and what it was (a
	// rubinstein* constant).
	lastK    int
	lastMove uint8
}

// period returns the period of the party's proposal in round r.
func (s *rubinstein) period(r int) int {
	if s.me == roleF {
		return 2 * r
	}
	return 2*r + 1
}

// Propose offers the equilibrium offer of the party's period, or walks
// away when that is the equilibrium move or the horizon has passed.
func (s *rubinstein) Propose(t *sim.Turn) sim.Outcome {
	round, _, _ := turnOf(t)
	k := s.period(round)
	s.lastK, s.lastMove = k, rubinsteinPropose
	if k >= s.g.T {
		if s.horizon {
			return sim.NoOutcome
		}
		return s.self.Utility.Best() // never answered
	}
	_, choice, offer, _ := s.g.node(k, s.vals.at(k+1))
	switch choice {
	case choiceDeal:
		return offer
	case choiceWalk:
		return sim.NoOutcome
	}
	return s.self.Utility.Best()
}

// Respond accepts an offer worth at least the party's rejection value.
func (s *rubinstein) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	u := s.self.Utility
	if !inSpace(offer, u.Len()) {
		return sim.Reject
	}
	round, _, _ := turnOf(t)
	k := s.period(round) - 1 // the period of the offer answered
	if k < 0 {
		return sim.Reject
	}
	if k >= s.g.T {
		s.lastK, s.lastMove = k, rubinsteinWalk
		return sim.Walk // past the horizon
	}
	_, _, _, lot := s.g.node(k, s.vals.at(k+1))
	me := s.me
	res := s.g.res[me]
	if s.g.payoff(me, u.Of(offer), k) >= max(res, lot[me])-2*speTol && u.Of(offer) >= s.self.Reservation {
		s.lastK, s.lastMove = k, rubinsteinAccept
		return sim.Accept
	}
	if res > lot[me] {
		s.lastK, s.lastMove = k, rubinsteinWalk
		return sim.Walk
	}
	return sim.Reject
}
