package classroom

import (
	"math"
	"strings"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// The JSON a seat's page receives. It holds the seat's own preferences
// only: its utility of each offer, never the other side's, until the
// instructor reveals them after the end of the round of play.
type seatView struct {
	// Version counts the class's changes: a page draws a view only if it
	// is not older than the one it shows, whatever order requests and
	// events arrive in.
	Version uint64       `json:"version"`
	Phase   string       `json:"phase"`
	Play    int          `json:"play"`
	Seat    int          `json:"seat"`
	Name    string       `json:"name"`
	Status  string       `json:"status"`
	Message string       `json:"message"`
	Pairing *seatPairing `json:"pairing,omitempty"`
}

type seatPairing struct {
	Number      int           `json:"number"`
	Scenario    string        `json:"scenario"`
	You         string        `json:"you"`
	Them        string        `json:"them"`
	Opponent    string        `json:"opponent"` // "student" or "agent"
	Protocol    string        `json:"protocol"`
	Deadline    int           `json:"deadline"`
	FirstMover  bool          `json:"first_mover"`
	Round       int           `json:"round"`
	RoundsLeft  int           `json:"rounds_left"`
	Reservation float64       `json:"reservation"`
	Discount    float64       `json:"discount"`
	Cost        float64       `json:"cost"`
	PerOffer    bool          `json:"per_offer"`
	Breakdown   float64       `json:"breakdown"`
	Facilitator bool          `json:"facilitator"`
	Consent     string        `json:"consent,omitempty"`
	Issues      []issueView   `json:"issues"`
	Best        []int         `json:"best"`
	Offer       *offerView    `json:"offer,omitempty"`
	Own         *offerView    `json:"own,omitempty"`
	History     []historyItem `json:"history"`
	Prompt      *promptView   `json:"prompt,omitempty"`
	Asked       bool          `json:"asked"`
	AskPending  bool          `json:"ask_pending"`
	OtherAsked  bool          `json:"other_asked"`
	Agent       bool          `json:"agent"`
	Result      *seatResult   `json:"result,omitempty"`
}

type issueView struct {
	Label   string   `json:"label"`
	Options []string `json:"options"`
}

type offerView struct {
	Values  []int   `json:"values"`
	Utility float64 `json:"utility"`
	Value   float64 `json:"value"` // agreed now, discounted
}

type historyItem struct {
	Round   int      `json:"round"`
	By      string   `json:"by"` // "you" or "them"
	Values  []int    `json:"values"`
	Utility float64  `json:"utility"`
	Theirs  *float64 `json:"theirs,omitempty"` // only once revealed
}

type promptView struct {
	ID        uint64      `json:"id"`
	Kind      string      `json:"kind"`
	LastRound bool        `json:"last_round"`
	Ballot    *ballotView `json:"ballot,omitempty"`
}

type ballotView struct {
	Final         bool    `json:"final"`
	Text          []int   `json:"text"`
	Standing      []int   `json:"standing"`
	Value         float64 `json:"value"`
	StandingValue float64 `json:"standing_value"`
	Floor         float64 `json:"floor,omitempty"`
	Guarantee     string  `json:"guarantee,omitempty"`
}

type seatResult struct {
	End        string `json:"end"`
	Agreed     bool   `json:"agreed"`
	Summary    string `json:"summary"`
	Transcript string `json:"transcript,omitempty"`
	Revealed   bool   `json:"revealed"`
}

// seatView returns what seat st sees. The caller holds the lock.
func (c *Class) seatView(st *seat) *seatView {
	v := &seatView{Version: c.version, Phase: c.phase.String(), Play: c.play, Seat: st.num, Name: st.name}
	p := st.pairing
	switch {
	case c.phase == lobby:
		v.Status, v.Message = "lobby", "You are in. Wait for the instructor to start."
	case p == nil && (c.phase == playing || c.phase == paused):
		v.Status, v.Message = "waiting", "Waiting for a partner. If none comes, an agent will take the other side."
	case p == nil:
		v.Status, v.Message = "lobby", "Wait for the instructor to start the next round."
	}
	if p == nil {
		return v
	}
	v.Pairing = c.seatPairing(st, p)
	pl := st.player
	switch {
	case p.state == finished:
		v.Status, v.Message = "finished", "Your negotiation is over."
	case p.state == stopped:
		v.Status, v.Message = "stopped", "The negotiation was stopped before its end; it is not in the results."
	case pl != nil && pl.agent != nil:
		v.Status, v.Message = "agent", "You were away too long: an agent plays your side from here on."
	case c.phase == paused:
		v.Status, v.Message = "paused", "The instructor has paused the class."
	case pl != nil && pl.prompt != nil:
		v.Status = "your_turn"
		v.Message = map[promptKind]string{respond: "Your turn: answer the offer.", propose: "Your turn: make an offer.", vote: "The facilitator asks for your vote."}[pl.prompt.kind]
	default:
		v.Status, v.Message = "their_turn", "Waiting for the other side."
	}
	return v
}

// seatPairing describes p from st's side. The caller holds the lock.
func (c *Class) seatPairing(st *seat, p *pairing) *seatPairing {
	n := p.n
	me := st.party
	self := &n.Parties[me]
	u := self.Utility
	sp := n.Space
	lb := labels(n)
	out := &seatPairing{
		Number: p.num, Scenario: n.Name, You: lb[me], Them: lb[1-me], Opponent: "agent",
		Protocol: n.Protocol.Type.String(), Deadline: n.Protocol.Deadline, Round: p.round,
		RoundsLeft:  max(n.Protocol.Deadline-p.round, 0),
		Reservation: self.Reservation, Discount: self.Discount, Cost: self.Cost,
		PerOffer: n.Protocol.DiscountPerOffer, Breakdown: n.Protocol.Breakdown,
		Best: decode(sp, u.Best()),
	}
	if p.seats[1-me] != nil {
		out.Opponent = "student"
	}
	if f := n.Facilitator; f != nil && f.Mode != sim.Never && n.Protocol.Type == sim.Alternating {
		out.Facilitator, out.Consent = true, f.Consent.String()
	}
	for _, is := range sp.Issues() {
		iv := issueView{Label: narrate.IssueLabel(is)}
		for j := range is.Values {
			iv.Options = append(iv.Options, narrate.OptionLabel(is, j))
		}
		out.Issues = append(out.Issues, iv)
	}
	reveal := c.revealed && p.play == c.play && p.state != running
	other := &n.Parties[1-me]
	out.History = make([]historyItem, 0, len(p.hist)) // [] rather than null before the first offer
	for _, o := range p.hist {
		h := historyItem{Round: int(o.Round), By: "them", Values: decode(sp, o.Outcome), Utility: u.Of(o.Outcome)}
		if int(o.By) == me {
			h.By = "you"
		}
		if reveal {
			x := other.Utility.Of(o.Outcome)
			h.Theirs = &x
		}
		out.History = append(out.History, h)
	}
	offers := len(p.hist)
	if o, ok := lastBy(p.hist, 1-me); ok {
		out.Offer = &offerView{Values: decode(sp, o), Utility: u.Of(o), Value: agreedNow(self, &n.Protocol, u.Of(o), p.round, offers)}
	}
	if o, ok := lastBy(p.hist, me); ok {
		out.Own = &offerView{Values: decode(sp, o), Utility: u.Of(o), Value: agreedNow(self, &n.Protocol, u.Of(o), p.round, offers)}
	}
	if pl := st.player; pl != nil && pl.p == p {
		out.Asked, out.AskPending, out.OtherAsked, out.Agent = pl.asked, pl.ask, pl.otherAsked, pl.agent != nil
		out.FirstMover = pl.first
		if pr := pl.prompt; pr != nil && c.phase == playing {
			pv := &promptView{ID: pr.id, Kind: pr.kind.String(), LastRound: pr.left <= 1}
			if pr.kind == vote {
				b := pr.ballot
				pv.Ballot = &ballotView{
					Final: b.Final, Text: decode(sp, b.Text), Standing: decode(sp, b.Standing),
					Value: b.Value, StandingValue: b.StandingValue, Guarantee: b.Guarantee,
				}
				if b.Final && !math.IsNaN(b.Floor) {
					pv.Ballot.Floor = b.Floor
				}
			}
			out.Prompt = pv
		}
	}
	if p.state == finished {
		out.Result = c.seatResult(st, p, reveal)
	}
	return out
}

// seatResult tells the end of p to st: from its own side, or fully once
// the preferences are revealed. The caller holds the lock.
func (c *Class) seatResult(st *seat, p *pairing, reveal bool) *seatResult {
	res := p.res
	r := &seatResult{End: res.End.String(), Agreed: res.Agreed(), Revealed: reveal}
	play := narrate.Play{
		Negotiation: p.n, Me: st.party, Names: labels(p.n), Human: *res, Agent: *p.agent,
		AgentStrategy: p.g.n.Parties[st.party].StrategyName, Voted: true,
	}
	var b strings.Builder
	if reveal {
		_ = play.WriteSummary(&b)
		var t strings.Builder
		_ = narrate.Run(&t, p.n, res, narrate.Options{})
		r.Transcript = t.String()
	} else {
		_ = play.WriteOwnSummary(&b)
	}
	r.Summary = strings.TrimLeft(b.String(), "\n")
	return r
}

// lastBy returns the latest offer of party in offers.
func lastBy(offers []sim.Offer, party int) (sim.Outcome, bool) {
	for i := len(offers) - 1; i >= 0; i-- {
		if int(offers[i].By) == party {
			return offers[i].Outcome, true
		}
	}
	return sim.NoOutcome, false
}

// agreedNow is what utility u is worth to party p if agreed at this point
// of the session (round, offers made so far), discounted as the engine
// discounts it (sim.Result.Discounted).
func agreedNow(p *sim.Party, pr *sim.Protocol, u float64, round, offers int) float64 {
	periods := float64(round)
	if pr.DiscountPerOffer {
		periods = float64(max(offers-1, 0))
	}
	return u*math.Pow(p.Discount, periods) - p.Cost*periods
}

// The JSON of the instructor's dashboard: everything, both sides'
// utilities included.
type dashView struct {
	// Version counts the class's changes, as in seatView.
	Version    uint64         `json:"version"`
	Phase      string         `json:"phase"`
	Play       int            `json:"play"`
	Revealed   bool           `json:"revealed"`
	Code       string         `json:"code"`
	Settings   Settings       `json:"settings"`
	Scenarios  []scenarioInfo `json:"scenarios"`
	Strategies []string       `json:"strategies"`
	Seats      []dashSeat     `json:"seats"`
	Waiting    int            `json:"waiting"`
	Pairings   []dashPairing  `json:"pairings"`
	Chart      dashChart      `json:"chart"`
	Saved      []string       `json:"saved"`
	SaveError  string         `json:"save_error,omitempty"`
}

type dashSeat struct {
	Number  int    `json:"number"`
	Name    string `json:"name"`
	Present bool   `json:"present"`
	Pairing int    `json:"pairing,omitempty"`
	Party   string `json:"party,omitempty"`
}

type dashPairing struct {
	Number    int           `json:"number"`
	Play      int           `json:"play"`
	Game      string        `json:"game"`
	Run       int           `json:"run"`
	Seed      string        `json:"seed"`
	Sides     [2]dashSide   `json:"sides"`
	State     string        `json:"state"`
	Round     int           `json:"round"`
	Deadline  int           `json:"deadline"`
	Offers    int           `json:"offers"`
	Last      [2][]string   `json:"last"` // each side's latest offer, by option labels
	LastU     [2][2]float64 `json:"last_u"`
	Requested [2]bool       `json:"requested"`
	Ballots   int           `json:"ballots"`
	Result    *dashResult   `json:"result,omitempty"`
}

type dashSide struct {
	Label    string `json:"label"`
	Seat     int    `json:"seat,omitempty"`
	Name     string `json:"name,omitempty"`
	Agent    string `json:"agent,omitempty"` // the strategy, where an agent plays
	TakeOver bool   `json:"takeover,omitempty"`
	Turn     bool   `json:"turn,omitempty"`
}

type dashResult struct {
	End      string     `json:"end"`
	Round    int        `json:"round"`
	U        [2]float64 `json:"u"`
	UD       [2]float64 `json:"ud"`
	Mediated bool       `json:"mediated"`
	Outcome  []string   `json:"outcome,omitempty"`
}

type dashChart struct {
	Scenario    string       `json:"scenario"`
	Game        string       `json:"game"`
	Parties     [2]string    `json:"parties"`
	Reservation [2]float64   `json:"reservation"`
	Frontier    [][2]float64 `json:"frontier"`
	Nash        [][2]float64 `json:"nash"`
	Agents      []point      `json:"agents"`
	Class       []point      `json:"class"`
}

// dashView returns the dashboard's state. The caller holds the lock.
func (c *Class) dashView() *dashView {
	now := c.now()
	v := &dashView{
		Version: c.version, Phase: c.phase.String(), Play: c.play, Revealed: c.revealed, Code: c.code,
		Settings: c.settings, Scenarios: c.scenarios, Waiting: len(c.waiting), Saved: c.lastSaved,
		Seats: []dashSeat{}, Pairings: []dashPairing{},
	}
	if c.saveErr != nil {
		v.SaveError = c.saveErr.Error()
	}
	for _, in := range agents.Catalog() {
		v.Strategies = append(v.Strategies, in.Name)
	}
	for _, st := range c.seats {
		if st == nil {
			continue
		}
		ds := dashSeat{Number: st.num, Name: st.name, Present: st.present(now, c.cfg.Absent)}
		if st.pairing != nil && st.pairing.play == c.play {
			ds.Pairing, ds.Party = st.pairing.num, st.pairing.n.Parties[st.party].ID
		}
		v.Seats = append(v.Seats, ds)
	}
	for _, p := range c.pairings {
		v.Pairings = append(v.Pairings, c.dashPairing(p))
	}
	v.Chart = c.chart(c.current)
	return v
}

// dashPairing describes p for the dashboard. The caller holds the lock.
func (c *Class) dashPairing(p *pairing) dashPairing {
	n := p.n
	sp := n.Space
	lb := labels(n)
	d := dashPairing{
		Number: p.num, Play: p.play, Game: p.g.folder, Run: p.run, Seed: narrate.SeedText(p.seed),
		State: p.state.String(), Round: p.round, Deadline: n.Protocol.Deadline, Offers: len(p.hist),
		Requested: p.requested, Ballots: p.ballots,
	}
	for i := range 2 {
		s := dashSide{Label: lb[i]}
		if st := p.seats[i]; st != nil {
			s.Seat, s.Name = st.num, st.name
			if pl := p.players[i]; pl != nil {
				s.TakeOver = pl.agent != nil
				s.Turn = pl.prompt != nil
			}
		} else {
			s.Agent = p.g.n.Parties[i].StrategyName
		}
		d.Sides[i] = s
		if o, ok := lastBy(p.hist, i); ok {
			d.Last[i] = outcomeLabels(sp, o)
			d.LastU[i] = [2]float64{n.Parties[0].Utility.Of(o), n.Parties[1].Utility.Of(o)}
		}
	}
	if r := p.res; r != nil && p.state == finished {
		d.Result = &dashResult{End: r.End.String(), Round: r.Round, U: r.Utility, UD: r.Discounted, Mediated: r.Mediation.Mediated}
		if r.Agreed() {
			d.Result.Outcome = outcomeLabels(sp, r.Agreement)
		}
	}
	return d
}

// outcomeLabels returns the option labels of o, one per issue.
func outcomeLabels(sp *sim.Space, o sim.Outcome) []string {
	out := make([]string, sp.NumIssues())
	for i, is := range sp.Issues() {
		out[i] = narrate.OptionLabel(is, sp.ValueIndex(o, i))
	}
	return out
}

// chart returns the utility space of game g: the frontier, the Nash
// point, what the agents reach and the class's agreements.
func (c *Class) chart(g *game) dashChart {
	n := g.n
	ch := dashChart{
		Scenario: n.Name, Game: g.folder, Parties: labels(n),
		Reservation: [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation},
		Frontier:    [][2]float64{}, Nash: [][2]float64{}, Agents: g.agents, Class: []point{},
	}
	for _, pt := range g.an.Frontier {
		ch.Frontier = append(ch.Frontier, pt.U)
	}
	for _, pt := range g.an.Nash {
		ch.Nash = append(ch.Nash, pt.U)
	}
	for _, p := range g.done {
		if p.res.Agreed() {
			ch.Class = append(ch.Class, point{U: p.res.Utility, Pairing: p.num, Mediated: p.res.Mediation.Mediated})
		}
	}
	return ch
}

// decode returns the value index of every issue of o.
func decode(sp *sim.Space, o sim.Outcome) []int {
	return sp.Decode(o, make([]int, sp.NumIssues()))
}
