package sim

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// FacilitatorMode says when the facilitator may act.
type FacilitatorMode uint8

// The facilitator's modes, for what-if studies.
const (
	// OnRequest: the facilitator acts only when the consent rule holds.
	OnRequest FacilitatorMode = iota
	// Never: the facilitator never acts (the baseline without one).
	Never
	// Always: the facilitator is invited at the end of the first round
	// whatever the parties want, and on request after that.
	Always
)

// String returns "on_request", "never" or "always".
func (m FacilitatorMode) String() string {
	switch m {
	case Never:
		return "never"
	case Always:
		return "always"
	}
	return "on_request"
}

// Consent is the rule that turns requests into an invitation.
type Consent uint8

// The consent rules.
const (
	// ConsentBoth: both parties must have asked for help.
	ConsentBoth Consent = iota
	// ConsentEither: one party's request suffices if the other does not
	// object; it does not object when it has asked too, or, with
	// probability Triggers.AcceptOffer, when it has not.
	ConsentEither
)

// String returns "both" or "either".
func (c Consent) String() string {
	if c == ConsentEither {
		return "either"
	}
	return "both"
}

// Information says what the facilitator knows of the parties' preferences.
type Information uint8

// The facilitator's sources of information.
const (
	// Confidential: each party discloses its utility function and
	// reservation value to the facilitator alone (Hörner, Morelli and
	// Squintani 2015).
	Confidential Information = iota
	// Observed: the facilitator estimates each party's utility from the
	// offers it made, with a frequency model, and its reservation value as
	// the lowest estimated utility of its own offers.
	Observed
)

// String returns "confidential" or "observed".
func (i Information) String() string {
	if i == Observed {
		return "observed"
	}
	return "confidential"
}

// DraftRule is the criterion of the facilitator's first draft.
type DraftRule uint8

// The drafting criteria.
const (
	// DraftNash maximises the (possibly biased) Nash product.
	DraftNash DraftRule = iota
	// DraftKalaiSmorodinsky maximises the smaller normalised gain.
	DraftKalaiSmorodinsky
	// DraftEqualConcession minimises the difference between the two
	// parties' concessions from their current offers.
	DraftEqualConcession
)

// String returns "nash", "kalai_smorodinsky" or "equal_concession".
func (d DraftRule) String() string {
	switch d {
	case DraftKalaiSmorodinsky:
		return "kalai_smorodinsky"
	case DraftEqualConcession:
		return "equal_concession"
	}
	return "nash"
}

// Triggers say when a party asks for the facilitator's help: when any
// enabled trigger fires: the ripeness of Zartman (1989), read as a party's
// own signs of a hurting stalemate (README.md, "The facilitator"). Zero
// values disable a trigger.
type Triggers struct {
	// StalledRounds fires after this many consecutive rounds in which
	// neither the party's own offer fell nor the opponent's offer rose by
	// at least Eps in the party's utility. Zero disables it.
	StalledRounds int
	// Eps is the concession tolerance in the party's utility. Zero means 0.01.
	Eps float64
	// ProjectedNoDeal fires when the gap between the party's own offer and
	// the best offer it has received, extrapolated at its closure rate over
	// the last Window rounds, stays open at the deadline.
	ProjectedNoDeal bool
	// Window is the number of rounds over which the closure rate is
	// measured. Zero means 5.
	Window int
	// ContinuationBelow fires when the value of continuing falls within
	// this margin of the reservation value: P·δⁿ·(1−q)ⁿ·u(ŝ) + (1−P)·r − r <
	// θ, where ŝ is the midpoint of the gap, n the projected rounds to
	// close it and P whether that happens before the deadline. Zero
	// disables it.
	ContinuationBelow float64
	// AfterTime fires once the relative time reaches this value in (0, 1].
	// Zero disables it.
	AfterTime float64
	// AcceptOffer is the probability in [0, 1] that the party, not having
	// asked itself, does not object when the other asks (ConsentEither).
	AcceptOffer float64
}

// Defaulted returns t with a zero Eps and Window replaced by the values
// the engine uses for them (0.01 and 5 rounds).
func (t Triggers) Defaulted() Triggers {
	t.Eps = cmp.Or(t.Eps, defaultEps)
	t.Window = cmp.Or(t.Window, defaultWindow)
	return t
}

// Condition holds when an outcome gives issue Issue its value Value.
type Condition struct {
	// Issue and Value are indices into the space's issues and values.
	Issue, Value int
}

// Guarantee is a costed commitment the facilitator may attach to its text,
// such as security guarantees for a corridor regime (Touval and Zartman's
// "manipulator"): it adds Delta to each party's utility of every outcome
// that meets all its conditions, and costs the facilitator Cost if the final
// agreement does.
type Guarantee struct {
	// Name names the guarantee in tables.
	Name string
	// When lists the conditions an outcome must meet to be covered.
	When []Condition
	// Delta is the utility each party gains from a covered outcome.
	Delta [2]float64
	// Cost is the facilitator's cost if the agreement is covered, in its
	// utility units.
	Cost float64
}

// Covers reports whether outcome o of space s meets every condition of the
// guarantee.
func (g *Guarantee) Covers(s *Space, o Outcome) bool {
	for _, c := range g.When {
		if s.ValueIndex(o, c.Issue) != c.Value {
			return false
		}
	}
	return true
}

// Facilitator describes a third party that stands ready to help but acts
// only when the parties ask for it (README.md, "The facilitator"; Raiffa
// 1982, Touval and Zartman 1985): it never sends offers
// into the bilateral channel, never imposes a text, and either party can
// turn its text down, after which bilateral talks resume.
//
// When invited it drafts a single negotiating text: a first draft that
// maximises J(x) = (1−λ)·NP_β(x)/NP_β* + λ·u_F(x) over the outcomes both
// parties accept (by its information), with the biased Nash product
// NP_β(x) = (u_A−r_A)^((1+β)/2)·(u_B−r_B)^((1−β)/2); then improvements by
// one-issue or package moves that both parties vote for; then a final vote
// in which each party accepts iff the text is worth at least its
// reservation value and the best offer it received across the table.
// Drafting happens between two rounds and uses none of the deadline.
//
// Those are the parties' default behaviours. A party whose strategy is a
// [Requester] decides itself when to ask, and one that is a [Voter] casts
// its own votes: a person playing a party (parley serve) does both.
type Facilitator struct {
	// Name names the facilitator in reports. Empty means "facilitator".
	Name string
	// Mode says when it may act. The zero value is OnRequest.
	Mode FacilitatorMode
	// Consent is the rule that turns requests into an invitation. The zero
	// value is ConsentBoth.
	Consent Consent
	// Triggers holds each party's reasons to ask for help.
	Triggers [2]Triggers
	// Information says what it knows of the parties' preferences. The zero
	// value is Confidential.
	Information Information
	// Draft is the criterion of the first draft. The zero value is DraftNash.
	Draft DraftRule
	// Bias β in [−1, 1] tilts the Nash product toward party A (+1) or B (−1).
	Bias float64
	// SelfInterest λ in [0, 1] weighs the facilitator's own utility.
	SelfInterest float64
	// Utility is the facilitator's own utility of every outcome, or nil for
	// a facilitator without interests in the issues.
	Utility *Utility
	// MaxDrafts bounds the drafts of one mediation, the first included.
	// Zero means 23 (Camp David, 1978).
	MaxDrafts int
	// Moves is the move set of the refinements. The zero value is OneIssue.
	Moves Moves
	// Guarantees are the commitments it may attach, one at most per text.
	Guarantees []Guarantee
	// Budget bounds the cost of the guarantee it attaches.
	Budget float64
}

func (f *Facilitator) validate(n *Negotiation) error {
	switch {
	case f.Mode > Always:
		return fmt.Errorf("unknown mode %d", f.Mode)
	case f.Consent > ConsentEither:
		return fmt.Errorf("unknown consent rule %d", f.Consent)
	case f.Information > Observed:
		return fmt.Errorf("unknown information %d", f.Information)
	case f.Draft > DraftEqualConcession:
		return fmt.Errorf("unknown draft rule %d", f.Draft)
	case !(f.Bias >= -1 && f.Bias <= 1):
		return fmt.Errorf("bias %v outside [-1, 1]", f.Bias)
	case !(f.SelfInterest >= 0 && f.SelfInterest <= 1):
		return fmt.Errorf("self-interest %v outside [0, 1]", f.SelfInterest)
	case f.Utility != nil && f.Utility.Len() != n.Space.Size():
		return fmt.Errorf("utility covers %d outcomes, space has %d", f.Utility.Len(), n.Space.Size())
	case f.MaxDrafts < 0:
		return fmt.Errorf("max drafts %d is negative", f.MaxDrafts)
	case f.Moves > Package2:
		return fmt.Errorf("unknown move set %d", f.Moves)
	case !(f.Budget >= 0):
		return fmt.Errorf("budget %v is negative", f.Budget)
	}
	for i, t := range f.Triggers {
		switch {
		case t.StalledRounds < 0 || t.Window < 0:
			return fmt.Errorf("party %d: negative stalled rounds or window", i)
		case !(t.Eps >= 0) || !(t.ContinuationBelow >= 0) || !(t.AfterTime >= 0 && t.AfterTime <= 1) || !(t.AcceptOffer >= 0 && t.AcceptOffer <= 1):
			return fmt.Errorf("party %d: trigger parameter out of range", i)
		}
	}
	for _, g := range f.Guarantees {
		for _, c := range g.When {
			if c.Issue < 0 || c.Issue >= n.Space.NumIssues() || c.Value < 0 || c.Value >= len(n.Space.Issues()[c.Issue].Values) {
				return fmt.Errorf("guarantee %q: condition %v outside the space", g.Name, c)
			}
		}
		if !(g.Cost >= 0) {
			return fmt.Errorf("guarantee %q: negative cost", g.Name)
		}
	}
	return nil
}

// Mediation records what the facilitator did in one session.
type Mediation struct {
	// Invited reports whether the facilitator was ever invited.
	Invited bool
	// InviteRound is the round of the first invitation, or -1.
	InviteRound int
	// AskedFirst is the party that asked first, or -1 (nobody asked, or
	// Mode is Always).
	AskedFirst int
	// Reason is the trigger that made AskedFirst ask: "stalled",
	// "projected_no_deal", "continuation", "time", "asked" (the party
	// asked itself: a Requester), or "always".
	Reason string
	// Mediations is the number of times the facilitator was invited.
	Mediations int
	// Texts is the number of mediations in which the facilitator drafted a
	// text: the first draft of each. Its other Drafts − Texts drafts are
	// changes to a text, put to the parties' vote.
	Texts int
	// Drafts and Accepted count the drafts proposed and those both parties
	// voted for, the first drafts included, over all mediations.
	Drafts, Accepted int
	// Mediated reports whether the agreement is the facilitator's text.
	Mediated bool
	// Guarantee names the guarantee attached to the agreement, if any.
	Guarantee string
	// GuaranteeCost is its cost to the facilitator, if the agreement holds it.
	GuaranteeCost float64
	// Utility is the facilitator's utility of the result: u_F of the
	// agreement minus the guarantee's cost, or 0 without agreement.
	Utility float64
	// DismissedBy is the party that last turned a final text down, or -1.
	DismissedBy int
}

// defaults of the facilitator's settings.
const (
	defaultEps       = 0.01
	defaultWindow    = 5
	defaultMaxDrafts = 23
)

// mediation is a session's facilitator state. It is allocated once per
// Session and reset for each run, so the per-round checks allocate nothing.
type mediation struct {
	f     *Facilitator
	n     *Negotiation
	space *Space // the space est and counts are sized for
	src   rand.PCG
	rand  *rand.Rand

	// Per party i, in i's own utility.
	ownPrev, oppPrev [2]float64 // last round's own and opponent offer
	bestOpp          [2]float64 // best opponent offer so far
	stalled          [2]int
	gaps             [2][]float64 // ring of recent gaps, one slot per round
	requested        [2]bool
	reason           [2]string
	answer           [2]Ask // each party's answer as a Requester this round
	ballot           Ballot // the ballot put to a Voter, reused

	// Buffers of the drafting procedure.
	est    [2][]float64 // estimated utilities (Observed)
	counts [][]float64  // frequency counts, per issue and value
	cand   []Outcome
	score  []float64
	order  []int
	star   float64 // the best criterion of the current mediation
	gi     int     // the guarantee attached to the current mediation's texts, or -1
	used   int     // the guarantee attached to the current text, or -1

	// cover[k][o] reports whether guarantee k covers outcome o; coverOf
	// holds the space and conditions it was computed for.
	cover   [][]bool
	coverOf coverKey
	// best[k+1] and arg[k+1] hold the highest criterion with guarantee k
	// (−1: none) and the first outcome reaching it.
	best, argv []float64
	arg        []Outcome
	covered    [][]bool  // the coverage of each guarantee, for scan
	cut        []float64 // scanBiased's thresholds
}

// coverKey identifies what a coverage table was computed for.
type coverKey struct {
	space *Space
	when  [][]Condition
}

func newMediation(n *Negotiation) *mediation {
	m := &mediation{gi: -1}
	m.bind(n)
	return m
}

// bind makes m the facilitator state of negotiation n, keeping the buffers
// that still fit.
func (m *mediation) bind(n *Negotiation) {
	if m.space != n.Space {
		m.est, m.counts = [2][]float64{}, nil
	}
	m.f, m.n, m.space = n.Facilitator, n, n.Space
	for i := range 2 {
		m.gaps[i] = resize(m.gaps[i], m.f.Triggers[i].Defaulted().Window+1)
	}
}

func (m *mediation) reset(seed uint64, res *Result) {
	m.src = *newSource(seed, RoleFacilitator)
	m.rand = rand.New(&m.src)
	for i := range 2 {
		m.ownPrev[i], m.oppPrev[i] = math.NaN(), math.NaN()
		m.bestOpp[i] = math.Inf(-1)
		m.stalled[i] = 0
		clear(m.gaps[i])
		m.requested[i] = false
		m.reason[i] = ""
		m.answer[i] = AskByTriggers
	}
	m.used, m.gi = -1, -1
	res.Mediation = Mediation{InviteRound: -1, AskedFirst: -1, DismissedBy: -1}
}

// afterRound updates the triggers at the end of round r and, if the
// facilitator is invited, mediates. It returns the mediated agreement, if
// any.
func (m *mediation) afterRound(s *Session, res *Result, r int, trace bool) (Outcome, bool) {
	f := m.f
	if f.Mode == Never {
		return NoOutcome, false
	}
	med := &res.Mediation
	for i := range 2 {
		m.observe(s, i, r)
	}
	invite := f.Mode == Always && med.Mediations == 0
	if invite {
		med.Reason = "always"
	} else {
		for i := range 2 {
			m.answer[i] = AskByTriggers
			if !m.requested[i] {
				if why := m.ask(s, i, r); why != "" {
					m.requested[i], m.reason[i] = true, why
					s.event(trace, r, i, EventRequest, NoOutcome)
					if med.AskedFirst < 0 && med.Reason == "" {
						med.AskedFirst, med.Reason = i, why
					}
				}
			}
		}
		switch f.Consent {
		case ConsentBoth:
			invite = m.requested[0] && m.requested[1]
		case ConsentEither:
			for i := range 2 {
				if m.requested[i] && !invite {
					// A Requester that said no objects; it draws nothing.
					invite = m.requested[1-i] || m.answer[1-i] != AskNo && m.rand.Float64() < f.Triggers[1-i].AcceptOffer
				}
			}
		}
	}
	if !invite {
		return NoOutcome, false
	}
	if !med.Invited {
		med.Invited, med.InviteRound = true, r
	}
	med.Mediations++
	s.event(trace, r, -1, EventInvite, NoOutcome)
	o, ok := m.mediate(s, res, r, trace)
	// Whatever happened, requests start afresh.
	for i := range 2 {
		m.requested[i], m.reason[i] = false, ""
		m.stalled[i] = 0
	}
	return o, ok
}

// observe updates party i's view of the table after round r.
func (m *mediation) observe(s *Session, i, r int) {
	u := m.n.Parties[i].Utility
	own, okOwn := s.hist.LastBy(i)
	opp, okOpp := s.hist.LastBy(1 - i)
	if !okOwn || !okOpp {
		return
	}
	uo, up := u.Of(own.Outcome), u.Of(opp.Outcome)
	eps := m.f.Triggers[i].Defaulted().Eps
	if !math.IsNaN(m.ownPrev[i]) && m.ownPrev[i]-uo < eps && up-m.oppPrev[i] < eps {
		m.stalled[i]++
	} else if !math.IsNaN(m.ownPrev[i]) {
		m.stalled[i] = 0
	}
	m.ownPrev[i], m.oppPrev[i] = uo, up
	m.bestOpp[i] = max(m.bestOpp[i], up)
	g := m.gaps[i]
	g[r%len(g)] = uo - m.bestOpp[i]
}

// ask returns why party i asks for help after round r, or "" when it does
// not: "asked" when its strategy is a Requester that asks, else the first
// of its triggers that fires (unless the Requester said no).
func (m *mediation) ask(s *Session, i, r int) string {
	if q := s.req[i]; q != nil {
		m.answer[i] = q.Request(&s.turn, m.requested[1-i])
		switch m.answer[i] {
		case AskYes:
			return "asked"
		case AskNo:
			return ""
		}
	}
	return m.fired(s, i, r)
}

// fired returns the first trigger of party i that fires after round r, or "".
func (m *mediation) fired(s *Session, i, r int) string {
	t := m.f.Triggers[i]
	if math.IsNaN(m.ownPrev[i]) {
		return ""
	}
	if t.StalledRounds > 0 && m.stalled[i] >= t.StalledRounds {
		return "stalled"
	}
	left := float64(m.n.Protocol.Deadline - 1 - r)
	w := t.Defaulted().Window
	gap := m.gaps[i][r%len(m.gaps[i])]
	var rate float64
	if r >= w {
		rate = (m.gaps[i][(r-w)%len(m.gaps[i])] - gap) / float64(w)
	}
	if t.ProjectedNoDeal && r >= w && gap > 0 && gap-rate*left > 0 {
		return "projected_no_deal"
	}
	if t.ContinuationBelow > 0 && r >= w {
		p := &m.n.Parties[i]
		v := p.Reservation
		if gap <= 0 {
			v = m.ownPrev[i]
		} else if rate > 0 {
			if k := gap / rate; k <= left {
				meet := m.ownPrev[i] - gap/2
				v = math.Pow(p.Discount, float64(r)+k)*math.Pow(1-m.n.Protocol.Breakdown, k)*meet - p.Cost*(float64(r)+k)
			}
		}
		if v-p.Reservation < t.ContinuationBelow {
			return "continuation"
		}
	}
	if t.AfterTime > 0 && s.turn.Time >= t.AfterTime {
		return "time"
	}
	return ""
}

// mediate runs one mediation after round r: information, guarantee, first
// draft, refinements and the final vote.
func (m *mediation) mediate(s *Session, res *Result, r int, trace bool) (Outcome, bool) {
	f, n := m.f, m.n
	med := &res.Mediation
	util := m.beliefs(s)
	res0 := m.reservations(s, util)
	// Choose the guarantee (or none) whose best biased Nash product, net of
	// its cost, is highest within the budget.
	m.covers()
	m.scan(util, res0)
	gi, bestNet := -1, m.best[0]
	for k := range f.Guarantees {
		g := &f.Guarantees[k]
		if g.Cost > f.Budget {
			continue
		}
		if net := m.best[k+1] - g.Cost; net > bestNet+1e-12 {
			gi, bestNet = k, net
		}
	}
	m.gi = gi
	if math.IsInf(bestNet, -1) {
		return NoOutcome, false // no text both parties could accept
	}
	m.star = bestNet
	if gi >= 0 {
		m.star += f.Guarantees[gi].Cost
	}
	text := m.arg[gi+1]
	if m.f.SelfInterest != 0 && m.f.Utility != nil {
		text = m.argmaxJ(util, res0, gi) // J is not the criterion alone
	}
	maxDrafts := cmp.Or(f.MaxDrafts, defaultMaxDrafts)
	med.Texts++
	med.Drafts++
	med.Accepted++
	s.event(trace, r, -1, EventDraft, text)
	// Refinements: propose the neighbours that the facilitator believes both
	// parties prefer, best J first; the parties vote with their true
	// utilities; the text changes only on two yeses.
	for drafts := 1; drafts < maxDrafts; {
		m.cand = m.cand[:0]
		m.score = m.score[:0]
		nb := neighbours(n.Space, f.Moves)
		for k := range nb {
			o := neighbour(n.Space, text, k)
			if m.value(util, gi, 0, o) > m.value(util, gi, 0, text) && m.value(util, gi, 1, o) > m.value(util, gi, 1, text) {
				m.cand = append(m.cand, o)
				m.score = append(m.score, m.j(util, res0, gi, o))
			}
		}
		if len(m.cand) == 0 {
			break
		}
		m.order = m.order[:0]
		for k := range m.cand {
			m.order = append(m.order, k)
		}
		slices.SortStableFunc(m.order, func(a, b int) int {
			switch {
			case m.score[a] > m.score[b]:
				return -1
			case m.score[a] < m.score[b]:
				return 1
			}
			return int(m.cand[a] - m.cand[b])
		})
		moved := false
		for _, k := range m.order {
			if drafts >= maxDrafts {
				break
			}
			o := m.cand[k]
			drafts++
			med.Drafts++
			s.event(trace, r, -1, EventDraft, o)
			yes := 0
			for p := range 2 {
				if m.vote(s, gi, p, o, text, false) {
					yes++
					s.event(trace, r, p, EventVoteYes, o)
				} else {
					s.event(trace, r, p, EventVoteNo, o)
				}
			}
			if yes == 2 {
				text, moved = o, true
				med.Accepted++
				break
			}
		}
		if !moved {
			break
		}
	}
	// Final vote: accept iff worth at least the reservation value and the
	// best offer received across the table.
	ok := true
	for p := range 2 {
		if m.vote(s, gi, p, text, text, true) {
			s.event(trace, r, p, EventAccept, text)
		} else {
			s.event(trace, r, p, EventDismiss, text)
			med.DismissedBy = p
			ok = false
		}
	}
	if !ok {
		return NoOutcome, false
	}
	med.Mediated = true
	if gi >= 0 && m.cover[gi][text] {
		m.used = gi
		g := &f.Guarantees[gi]
		med.Guarantee, med.GuaranteeCost = g.Name, g.Cost
	}
	return text, true
}

// vote returns party p's vote on text, which would replace standing (the
// final vote when final): its Voter's, or by its true utility with
// guarantee gi (Ballot.ByUtility).
func (m *mediation) vote(s *Session, gi, p int, text, standing Outcome, final bool) bool {
	b := &m.ballot
	*b = Ballot{
		Final: final, Text: text, Standing: standing,
		Value: m.trueValue(gi, p, text), StandingValue: m.trueValue(gi, p, standing),
		Floor: math.NaN(),
	}
	if final {
		b.Floor = max(m.n.Parties[p].Reservation, m.bestOpp[p])
	}
	if gi >= 0 && m.cover[gi][text] {
		b.Guarantee = m.f.Guarantees[gi].Name
	}
	if v := s.voter[p]; v != nil {
		return v.Vote(&s.turn, b)
	}
	return b.ByUtility()
}

// beliefs returns the utilities the facilitator works with.
func (m *mediation) beliefs(s *Session) [2][]float64 {
	if m.f.Information == Confidential {
		return [2][]float64{m.n.Parties[0].Utility.Values(), m.n.Parties[1].Utility.Values()}
	}
	for p := range 2 {
		m.estimate(s, p)
	}
	return m.est
}

// reservations returns the reservation values the facilitator works with.
func (m *mediation) reservations(s *Session, util [2][]float64) [2]float64 {
	if m.f.Information == Confidential {
		return [2]float64{m.n.Parties[0].Reservation, m.n.Parties[1].Reservation}
	}
	r := [2]float64{math.Inf(1), math.Inf(1)}
	for _, o := range s.hist.All() {
		if o.By >= 0 {
			r[o.By] = min(r[o.By], util[o.By][o.Outcome])
		}
	}
	for p := range 2 {
		if math.IsInf(r[p], 1) {
			r[p] = 0
		}
	}
	return r
}

// estimate fills m.est[p] with a frequency model of party p's utility from
// its offers (HardHeaded's model, van Krimpen et al. 2013): issue weights
// start equal and grow for issues whose value the party did not change
// between consecutive offers; a value's score is its frequency relative to
// the most frequent value of that issue.
func (m *mediation) estimate(s *Session, p int) {
	sp := m.n.Space
	k := sp.NumIssues()
	if m.est[p] == nil {
		m.est[p] = make([]float64, sp.Size())
	}
	if m.counts == nil {
		m.counts = make([][]float64, k)
		for i, is := range sp.Issues() {
			m.counts[i] = make([]float64, len(is.Values))
		}
	}
	for i := range m.counts {
		clear(m.counts[i])
	}
	w := make([]float64, k)
	for i := range w {
		w[i] = 1 / float64(k)
	}
	gain := 0.2 / float64(k)
	prev := NoOutcome
	for _, o := range s.hist.All() {
		if int(o.By) != p {
			continue
		}
		for i := range k {
			m.counts[i][sp.ValueIndex(o.Outcome, i)]++
		}
		if prev != NoOutcome {
			unchanged := 0
			for i := range k {
				if sp.ValueIndex(o.Outcome, i) == sp.ValueIndex(prev, i) {
					w[i] += gain
					unchanged++
				}
			}
			total := 1 + gain*float64(unchanged)
			for i := range w {
				w[i] /= total
			}
		}
		prev = o.Outcome
	}
	vals := make([][]float64, k)
	for i := range k {
		top := slices.Max(m.counts[i])
		vals[i] = make([]float64, len(m.counts[i]))
		for v, c := range m.counts[i] {
			if top > 0 {
				vals[i][v] = c / top
			}
		}
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	for i := range w {
		w[i] /= sum
	}
	clear(m.est[p])
	fillAdditive(sp, Additive{Weights: w, Values: vals}, m.est[p])
}

// value is the facilitator's belief of party p's utility of o with
// guarantee gi (−1 for none).
func (m *mediation) value(util [2][]float64, gi, p int, o Outcome) float64 {
	v := util[p][o]
	if gi >= 0 && m.cover[gi][o] {
		v += m.f.Guarantees[gi].Delta[p]
	}
	return v
}

// trueValue is party p's true utility of o with guarantee gi.
func (m *mediation) trueValue(gi, p int, o Outcome) float64 {
	v := m.n.Parties[p].Utility.Of(o)
	if gi >= 0 && m.cover[gi][o] {
		v += m.f.Guarantees[gi].Delta[p]
	}
	return v
}

// criterion is the drafting criterion without self-interest, or −Inf for
// outcomes that some party would not accept.
func (m *mediation) criterion(util [2][]float64, r [2]float64, gi int, o Outcome) float64 {
	return m.crit(m.value(util, gi, 0, o), m.value(util, gi, 1, o), r)
}

// crit is the drafting criterion of an outcome the facilitator believes
// worth ua and ub to the parties, or −Inf when some party would not accept
// it.
func (m *mediation) crit(ua, ub float64, r [2]float64) float64 {
	ga, gb := ua-r[0], ub-r[1]
	if ga < 0 || gb < 0 {
		return math.Inf(-1)
	}
	switch m.f.Draft {
	case DraftKalaiSmorodinsky:
		return min(ratio(ga, 1-r[0]), ratio(gb, 1-r[1]))
	case DraftEqualConcession:
		return -math.Abs((m.ownPrev[0] - ua) - (m.ownPrev[1] - ub))
	}
	b := m.f.Bias
	if b == 0 {
		return math.Sqrt(ga) * math.Sqrt(gb) // what math.Pow(g, 0.5) computes
	}
	// ga^((1+b)/2) · gb^((1-b)/2), through logarithms: two math.Pow calls
	// made biased drafting five times slower than unbiased. As with Pow,
	// g^0 = 1 even for g = 0.
	var x float64
	for _, t := range [2]struct{ g, e float64 }{{ga, (1 + b) / 2}, {gb, (1 - b) / 2}} {
		if t.e == 0 {
			continue
		}
		if t.g == 0 {
			return 0
		}
		x += t.e * math.Log(t.g)
	}
	return math.Exp(x)
}

// scan computes in one pass over the outcomes, for no guarantee (index 0)
// and for each guarantee k (index k+1), the highest drafting criterion,
// into m.best, and the first outcome with a criterion above every earlier
// one, into m.arg: what a pass of bestJ and one of argmaxJ without
// self-interest would give for each. An outcome a guarantee does not cover
// has the same criterion with it as without.
//
// Without NaN criteria (a party without an offer yet under the
// equal-concession rule, or NaN utilities) the highest criterion is the
// one the first best outcome has, so one comparison per outcome and
// guarantee tracks both; with one, the pass is made again the long way,
// where max propagates the NaN and the comparisons skip it.
func (m *mediation) scan(util [2][]float64, r [2]float64) {
	g := m.f.Guarantees
	k := len(g) + 1
	m.best, m.arg = resize(m.best, k), resize(m.arg, k)
	m.argv = resize(m.argv, k)
	m.covered = resize(m.covered, len(g))
	for j := range g {
		m.covered[j] = m.cover[j][:len(util[0])]
	}
	for i := range k {
		m.best[i], m.arg[i] = math.Inf(-1), NoOutcome
	}
	var nan bool
	switch {
	case m.f.Draft == DraftNash && m.f.Bias == 0:
		nan = m.scanNash(util, r)
	case m.f.Draft == DraftNash:
		nan = m.scanBiased(util, r)
	default:
		nan = m.scanAny(util, r)
	}
	if nan {
		m.scanNaN(util, r)
	}
}

// scanAny is scan for any criterion; it reports whether one was NaN.
func (m *mediation) scanAny(util [2][]float64, r [2]float64) (nan bool) {
	g, best, arg, cov := m.f.Guarantees, m.best, m.arg, m.covered
	ua := util[0]
	ub := util[1][:len(ua)]
	for o, a := range ua {
		b := ub[o]
		c := m.crit(a, b, r)
		if c != c {
			nan = true
		}
		if c > best[0] {
			best[0], arg[0] = c, Outcome(o)
		}
		for j := range cov {
			cj := c
			if cov[j][o] {
				cj = m.crit(a+g[j].Delta[0], b+g[j].Delta[1], r)
				if cj != cj {
					nan = true
				}
			}
			if cj > best[j+1] {
				best[j+1], arg[j+1] = cj, Outcome(o)
			}
		}
	}
	return nan
}

// biasedLog returns the logarithm of the biased Nash criterion
// ga^ea · gb^eb of gains ga, gb ≥ 0, computed as crit computes it before
// its Exp, or zero when crit gives 0 (a gain of 0 with an exponent above
// 0).
func biasedLog(ga, gb, ea, eb float64) (x float64, zero bool) {
	if ea != 0 {
		if ga == 0 {
			return 0, true
		}
		x += ea * math.Log(ga)
	}
	if eb != 0 {
		if gb == 0 {
			return 0, true
		}
		x += eb * math.Log(gb)
	}
	return x, false
}

// scanBiased is scan for the biased Nash criterion ga^ea · gb^eb, with
// ea = (1 + bias)/2 and eb = (1 − bias)/2; it reports whether a criterion
// was NaN. It finds what scanAny finds, with crit's own values, but skips
// the logarithms and the Exp of an outcome that cannot beat the best: by
// the weighted inequality of the means, ga^ea · gb^eb ≤ ea·ga + eb·gb, so
// an outcome whose weighted mean of gains lies below the best criterion by
// more than a factor 1 − 1e-9 (far more than the rounding of either side)
// has a smaller criterion, and scanAny would not take it either.
func (m *mediation) scanBiased(util [2][]float64, r [2]float64) (nan bool) {
	g, best, arg, cov := m.f.Guarantees, m.best, m.arg, m.covered
	ea, eb := (1+m.f.Bias)/2, (1-m.f.Bias)/2
	prune := ea >= 0 && eb >= 0 // the inequality needs weights in [0, 1]
	m.cut = resize(m.cut, len(best))
	cut := m.cut // below cut[i], a weighted mean cannot beat best[i]
	for i := range cut {
		cut[i] = math.Inf(-1)
	}
	crit := func(ga, gb float64) float64 {
		x, zero := biasedLog(ga, gb, ea, eb)
		if zero {
			return 0
		}
		return math.Exp(x)
	}
	offer := func(i int, o Outcome, c float64) {
		if c != c {
			nan = true
		}
		if c > best[i] {
			best[i], arg[i] = c, o
			if prune && c > 0 {
				cut[i] = c * (1 - 1e-9)
			}
		}
	}
	ua := util[0]
	ub := util[1][:len(ua)]
	r0, r1 := r[0], r[1]
	for o, a := range ua {
		b := ub[o]
		ga, gb := a-r0, b-r1
		ok := !(ga < 0 || gb < 0) // a rejected outcome's −Inf beats nothing
		mean := ea*ga + eb*gb     // NaN with a NaN gain: !(mean < cut) computes it
		c, have := 0.0, false
		if ok && !(mean < cut[0]) {
			c, have = crit(ga, gb), true
			offer(0, Outcome(o), c)
		}
		for j := range cov {
			switch {
			case cov[j][o]:
				gaj, gbj := a+g[j].Delta[0]-r0, b+g[j].Delta[1]-r1
				if !(gaj < 0 || gbj < 0) && !(ea*gaj+eb*gbj < cut[j+1]) {
					offer(j+1, Outcome(o), crit(gaj, gbj))
				}
			case ok && !(mean < cut[j+1]):
				if !have {
					c, have = crit(ga, gb), true
				}
				offer(j+1, Outcome(o), c)
			}
		}
	}
	return nan
}

// scanNash is scan for the unbiased Nash criterion √g_A·√g_B of the gains
// g_A, g_B ≥ 0 over the reservation values; it reports whether a gain was
// NaN. It skips the square roots of an outcome whose product of gains
// shows that its criterion is below every best so far: with rounding to
// nearest, √g_A·√g_B > c ≥ 0 implies fl(g_A·g_B) > c²·(1 − 8·2⁻⁵³), and
// the threshold fl(fl(c·c)·(1 − 10⁻¹²)) is below that. Testing the
// product first makes the common case (an outcome far from the best) one
// well-predicted branch.
func (m *mediation) scanNash(util [2][]float64, r [2]float64) (nan bool) {
	g, best, arg, cov := m.f.Guarantees, m.best, m.arg, m.covered
	ua := util[0]
	ub := util[1][:len(ua)]
	r0, r1 := r[0], r[1]
	// floor is below the square of every best; −Inf while some best is
	// −Inf (no acceptable outcome yet).
	floor := math.Inf(-1)
	b0, a0 := math.Inf(-1), NoOutcome
	for o, a := range ua {
		b := ub[o]
		ga, gb := a-r0, b-r1
		c, ok := 0.0, false // ok: c is computed and may beat a best
		if p := ga * gb; p >= floor {
			if ga >= 0 && gb >= 0 {
				c, ok = math.Sqrt(ga)*math.Sqrt(gb), true
				if c > b0 {
					b0, a0 = c, Outcome(o)
					floor = nashFloor(floor, b0, best[1:])
				}
			}
		} else if p != p {
			nan = true
		}
		for j := range cov {
			if cov[j][o] {
				ga, gb := a+g[j].Delta[0]-r0, b+g[j].Delta[1]-r1
				if p := ga * gb; p >= floor {
					if ga >= 0 && gb >= 0 {
						if cj := math.Sqrt(ga) * math.Sqrt(gb); cj > best[j+1] {
							best[j+1], arg[j+1] = cj, Outcome(o)
							floor = nashFloor(floor, b0, best[1:])
						}
					}
				} else if p != p {
					nan = true
				}
			} else if ok && c > best[j+1] {
				best[j+1], arg[j+1] = c, Outcome(o)
				floor = nashFloor(floor, b0, best[1:])
			}
		}
	}
	best[0], arg[0] = b0, a0
	return nan
}

// nashFloor returns scanNash's threshold for the bests b0 and rest: below
// the square of the smallest, or floor while one is −Inf.
func nashFloor(floor, b0 float64, rest []float64) float64 {
	t := b0
	for _, x := range rest {
		t = min(t, x)
	}
	if t >= 0 {
		return t * t * (1 - 1e-12)
	}
	return floor
}

// scanNaN is scan the long way, for criteria that may be NaN.
func (m *mediation) scanNaN(util [2][]float64, r [2]float64) {
	for i := range m.best {
		m.best[i], m.argv[i], m.arg[i] = math.Inf(-1), math.Inf(-1), NoOutcome
	}
	for i := range m.best {
		for o := range Outcome(len(util[0])) {
			c := m.criterion(util, r, i-1, o)
			m.best[i] = max(m.best[i], c)
			if c > m.argv[i] {
				m.argv[i], m.arg[i] = c, o
			}
		}
	}
}

// covers fills m.cover for the negotiation's space and guarantees, unless
// it holds them already.
func (m *mediation) covers() {
	sp, gs := m.n.Space, m.f.Guarantees
	if m.coverOf.space == sp && slices.EqualFunc(m.coverOf.when, gs, func(w []Condition, g Guarantee) bool {
		return slices.Equal(w, g.When)
	}) {
		return
	}
	m.cover = resize(m.cover, len(gs))
	m.coverOf = coverKey{space: sp, when: resize(m.coverOf.when, len(gs))}
	for k := range gs {
		cov := resize(m.cover[k], sp.Size())
		for o := range cov {
			cov[o] = true
		}
		for _, c := range gs[k].When {
			stride, radix := int(sp.strides[c.Issue]), int(sp.radix[c.Issue])
			for base := 0; base < len(cov); base += stride * radix {
				for v := range radix {
					if v != c.Value {
						clear(cov[base+v*stride : base+(v+1)*stride])
					}
				}
			}
		}
		m.cover[k] = cov
		m.coverOf.when[k] = slices.Clone(gs[k].When)
	}
}

// j is the full objective J: the criterion normalised by its maximum over
// the current mediation, blended with the facilitator's own utility.
func (m *mediation) j(util [2][]float64, r [2]float64, gi int, o Outcome) float64 {
	c := m.criterion(util, r, gi, o)
	lam := m.f.SelfInterest
	if math.IsInf(c, -1) || lam == 0 || m.f.Utility == nil {
		return c
	}
	if m.star > 0 {
		c /= m.star
	}
	return (1-lam)*c + lam*m.f.Utility.Of(o)
}

// argmaxJ returns the first draft: the acceptable outcome of highest J,
// ties broken by the lowest index.
func (m *mediation) argmaxJ(util [2][]float64, r [2]float64, gi int) Outcome {
	best, bo := math.Inf(-1), NoOutcome
	for o := range Outcome(m.n.Space.Size()) {
		if v := m.j(util, r, gi, o); v > best {
			best, bo = v, o
		}
	}
	return bo
}
