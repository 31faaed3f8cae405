package classroom

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// Config sets up a class. The zero value of every field but Scenarios
// works.
type Config struct {
	// Scenarios are the scenarios the instructor may play: files or
	// built-in names, as parley run takes them. The first is played
	// first. At least one.
	Scenarios []string
	// Sets are --set overrides, applied to every scenario.
	Sets []string
	// Seed, when not nil, replaces every scenario's master seed.
	Seed *uint64
	// Out is the class's output folder: each negotiation the class plays
	// is written into a folder of its own under it. Empty means
	// "out/class".
	Out string
	// Absent is how long a seat may stay away (no page open) while it is
	// its turn, or a student wait for a partner, before an agent takes
	// the place. Zero means one minute.
	Absent time.Duration
	// MaxSeats bounds the number of seats. Zero means 500.
	MaxSeats int
	// Rate is the number of requests a second each seat may make to the
	// state-changing and costly routes, in bursts of up to 3·Rate. Zero
	// means 10.
	Rate float64
	// Version is the parley version written into the manifests.
	Version string
	// Command is the command line written into the manifests.
	Command []string
	// NoCharts writes the class's folders without charts (quicker).
	NoCharts bool
	// DPI is the resolution of the folders' PNG charts, as results.Options.DPI.
	DPI int
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
}

// phase is where the class stands.
type phase uint8

const (
	// lobby: students join; nobody plays yet.
	lobby phase = iota
	// playing: a round of play is under way.
	playing
	// paused: the round of play is stopped for a while; no move is taken.
	paused
	// ended: the round of play is over; the instructor may reveal the
	// preferences, start another round or switch scenario.
	ended
)

func (p phase) String() string {
	return [...]string{"lobby", "playing", "paused", "ended"}[p]
}

// Class is a live class: its seats, its pairings and the negotiations they
// play. It is safe for concurrent use; every handler and every session
// goroutine takes its lock.
type Class struct {
	cfg        Config
	code       string // the class code students type
	token      string // the instructor's secret
	csrf       string // the instructor's CSRF token
	now        func() time.Time
	start      time.Time
	seatLimits *limits // per seat: moves, asks, values
	addrLimits *limits // per address: joins and instructor logins

	ctx    context.Context // cancelled by Close: ends every session
	cancel context.CancelFunc
	wg     sync.WaitGroup // session goroutines and exports

	loadMu sync.Mutex // serialises loading games
	saveMu sync.Mutex // serialises writing folders

	mu        sync.Mutex
	scenarios []scenarioInfo // as given, in order
	games     map[gameKey]*game
	order     []*game // games in the order first played
	current   *game   // the game of the last round of play
	settings  Settings
	phase     phase
	play      int // the round of play, from 1; 0 before the first
	revealed  bool
	seats     []*seat // seat k at index k−1; nil where free
	pairings  []*pairing
	waiting   []*seat // seats waiting for a partner (ModeStudents)
	rng       *rand.Rand
	prompts   uint64 // the last prompt id
	version   uint64 // counts changes, for the pages
	dashSubs  map[chan struct{}]struct{}
	saved     map[*game]int // the finished pairings written, per game
	saveErr   error
	closed    bool
	lastSaved []string // folders written by the last save
}

// New loads every scenario of cfg (so that mistakes show at once) and
// returns the class in its lobby. Input mistakes are a *LoadError.
func New(ctx context.Context, cfg Config) (*Class, error) {
	if len(cfg.Scenarios) == 0 {
		return nil, errors.New("no scenario to play")
	}
	if cfg.Out == "" {
		cfg.Out = "out/class"
	}
	if cfg.Absent <= 0 {
		cfg.Absent = time.Minute
	}
	if cfg.MaxSeats <= 0 {
		cfg.MaxSeats = 500
	}
	if cfg.Rate <= 0 {
		cfg.Rate = 10
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	code, err := classCode()
	if err != nil {
		return nil, err
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithCancel(context.Background())
	c := &Class{
		cfg: cfg, code: code, token: token, csrf: csrf, now: now, start: now(),
		ctx: cctx, cancel: cancel, games: map[gameKey]*game{},
		dashSubs: map[chan struct{}]struct{}{}, saved: map[*game]int{},
		seatLimits: newLimits(cfg.Rate, 3*cfg.Rate, now),
		addrLimits: newLimits(0.5, 10, now),
	}
	for _, name := range cfg.Scenarios {
		g, err := c.game(ctx, gameKey{scenario: name, againstParty: -1})
		if err != nil {
			cancel()
			return nil, err
		}
		c.scenarios = append(c.scenarios, g.info(name))
	}
	c.settings = Settings{Scenario: cfg.Scenarios[0], Mode: ModeAgent}
	c.current = c.games[gameKey{scenario: cfg.Scenarios[0], againstParty: -1}]
	c.rng = rand.New(rand.NewPCG(c.current.seed, 0x636c617373)) // "class"
	go c.watch()
	return c, nil
}

// Code returns the class code students type to join.
func (c *Class) Code() string { return c.code }

// Token returns the instructor's secret token.
func (c *Class) Token() string { return c.token }

// game returns the loaded game of key, loading it on first use.
func (c *Class) game(ctx context.Context, key gameKey) (*game, error) {
	c.loadMu.Lock()
	defer c.loadMu.Unlock()
	c.mu.Lock()
	g := c.games[key]
	c.mu.Unlock()
	if g != nil {
		return g, nil
	}
	g, err := loadGame(ctx, key, c.cfg.Sets, c.cfg.Seed)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.games[key] = g
	c.mu.Unlock()
	return g, nil
}

// seat is a student's place in the class.
type seat struct {
	num   int
	name  string
	token string
	csrf  string

	pairing *pairing // the current or last pairing; nil before any
	party   int      // the party played in it
	player  *player  // the seat's player in it; nil when it waits
	waitAt  time.Time
	streams int       // pages open on the seat's events
	seen    time.Time // when the seat was last connected
	subs    map[chan struct{}]struct{}
}

// connected reports whether the seat has a page open, or had one less
// than the absence timeout ago.
func (s *seat) present(now time.Time, absent time.Duration) bool {
	return s.streams > 0 || now.Sub(s.seen) < absent
}

// pairingState is where a pairing stands.
type pairingState uint8

const (
	running pairingState = iota
	finished
	stopped // ended by the instructor or the server before its end
)

func (s pairingState) String() string { return [...]string{"running", "finished", "stopped"}[s] }

// pairing is one negotiation of the class: one or two students, a run of
// a game.
type pairing struct {
	num     int
	play    int
	g       *game
	run     int
	seed    uint64
	n       *sim.Negotiation // as played: the students' parties are humans
	seats   [2]*seat         // nil where an agent plays
	players [2]*player
	state   pairingState
	cancel  context.CancelFunc
	step    chan struct{} // closed and replaced at every change

	// What the players last saw, for the pages: the offers so far and the
	// round.
	hist      []sim.Offer
	round     int
	requested [2]bool // standing requests for the facilitator
	ballots   int     // ballots put to the students

	res   *sim.Result // when finished
	agent *sim.Result // the same run with agents only
	err   error       // a strategy failed
}

// bump marks a change in the pairing: a waiting move handler wakes.
func (p *pairing) bump() {
	close(p.step)
	p.step = make(chan struct{})
}

// Notes returns what the instructor should know of the class's
// scenarios before the class starts: those with uncertain assumptions
// are played at their nominal values.
func (c *Class) Notes() []string {
	var out []string
	for _, s := range c.scenarios {
		if s.Uncertain > 0 {
			out = append(out, fmt.Sprintf("%s leaves %d of its numbers uncertain; a class plays their nominal values (every pairing the same negotiation, so that the class's agreements share one utility space); parley run plays the uncertainty", s.Name, s.Uncertain))
		}
	}
	return out
}

// changed notes a change that the given seats and the dashboard must
// show. The caller holds the lock.
func (c *Class) changed(seats ...*seat) {
	c.version++
	for _, s := range seats {
		if s == nil {
			continue
		}
		for ch := range s.subs {
			notify(ch)
		}
	}
	for ch := range c.dashSubs {
		notify(ch)
	}
}

// changedAll notes a change every seat must show.
func (c *Class) changedAll() {
	c.changed(c.seats...)
}

func notify(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// errState is a request that the class's state does not allow now: the
// handlers answer 409 Conflict.
type errState struct{ msg string }

func (e *errState) Error() string { return e.msg }

func stateErr(format string, a ...any) error { return &errState{fmt.Sprintf(format, a...)} }

// Start starts a round of play with settings s: it pairs every seat and
// starts their negotiations. The class must not be playing.
func (c *Class) Start(ctx context.Context, s Settings) error {
	key, s, err := c.resolve(s)
	if err != nil {
		return err
	}
	g, err := c.game(ctx, key)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return stateErr("the class is closed")
	}
	if c.phase == playing || c.phase == paused {
		return stateErr("a round of play is under way: end it first")
	}
	c.settings, c.current = s, g
	if !slices.Contains(c.order, g) {
		c.order = append(c.order, g)
	}
	c.phase, c.play, c.revealed = playing, c.play+1, false
	c.waiting = c.waiting[:0]
	var present []*seat
	for _, st := range c.seats {
		if st != nil {
			st.player, st.pairing = nil, nil
			present = append(present, st)
		}
	}
	c.rng.Shuffle(len(present), func(i, j int) { present[i], present[j] = present[j], present[i] })
	for _, st := range present {
		c.place(st)
	}
	c.changedAll()
	return nil
}

// resolve checks the settings and returns the key of their game.
func (c *Class) resolve(s Settings) (gameKey, Settings, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.Scenario == "" {
		s.Scenario = c.cfg.Scenarios[0]
	}
	k := slices.IndexFunc(c.scenarios, func(i scenarioInfo) bool { return i.Name == s.Scenario })
	if k < 0 {
		return gameKey{}, s, stateErr("no scenario %q in this class", s.Scenario)
	}
	info := c.scenarios[k]
	if s.Mode == "" {
		s.Mode = ModeAgent
	}
	if s.Mode != ModeAgent && s.Mode != ModeStudents {
		return gameKey{}, s, stateErr("unknown mode %q: want %q or %q", s.Mode, ModeAgent, ModeStudents)
	}
	side := -1
	if s.Side != "" {
		side = slices.IndexFunc(info.Parties[:], func(p idName) bool { return p.ID == s.Side })
		if side < 0 {
			return gameKey{}, s, stateErr("no party %q in %s", s.Side, s.Scenario)
		}
	}
	if s.Mode == ModeStudents {
		s.Side = "" // pairs play both sides
		side = -1
	}
	if s.Against != "" {
		if _, ok := agents.Lookup(s.Against); !ok {
			return gameKey{}, s, stateErr("no strategy %q (see parley agents)", s.Against)
		}
	}
	if !info.Facilitator {
		s.NoFacilitator = false
	}
	key := gameKey{scenario: s.Scenario, against: s.Against, againstParty: -1, noFacilitator: s.NoFacilitator}
	if s.Against != "" && side >= 0 {
		key.againstParty = 1 - side
	}
	return key, s, nil
}

// place gives seat st a negotiation in the round of play under way: a
// pairing against an agent, or with a waiting student, or a place in the
// queue. The caller holds the lock.
func (c *Class) place(st *seat) {
	g := c.current
	if c.settings.Mode == ModeStudents {
		if len(c.waiting) == 0 {
			st.waitAt = c.now()
			c.waiting = append(c.waiting, st)
			return
		}
		other := c.waiting[0]
		c.waiting = c.waiting[1:]
		// Roles balanced: each pair has one student on each side; who
		// plays which is drawn.
		a, b := other, st
		if c.rng.IntN(2) == 1 {
			a, b = b, a
		}
		c.pair(g, [2]*seat{a, b})
		return
	}
	side := c.balancedSide()
	if c.settings.Side != "" {
		side = slices.IndexFunc(g.n.Parties[:], func(p sim.Party) bool { return p.ID == c.settings.Side })
	}
	var seats [2]*seat
	seats[side] = st
	c.pair(g, seats)
}

// balancedSide returns the party fewer students of this round of play
// play, drawn at random on a tie.
func (c *Class) balancedSide() int {
	var n [2]int
	for _, p := range c.pairings {
		if p.play != c.play {
			continue
		}
		for i, s := range p.seats {
			if s != nil {
				n[i]++
			}
		}
	}
	switch {
	case n[0] < n[1]:
		return 0
	case n[1] < n[0]:
		return 1
	}
	return c.rng.IntN(2)
}

// pair starts a pairing of game g with the given seats (nil: an agent).
// The caller holds the lock.
func (c *Class) pair(g *game, seats [2]*seat) *pairing {
	run := g.next
	g.next++
	ctx, cancel := context.WithCancel(c.ctx)
	p := &pairing{
		num: len(c.pairings) + 1, play: c.play, g: g, run: run, seed: sim.RunSeed(g.seed, run),
		seats: seats, cancel: cancel, step: make(chan struct{}), round: 0,
	}
	n := *g.n
	for i, st := range seats {
		if st == nil {
			continue
		}
		pl := &player{c: c, p: p, party: i, seat: st, ctx: ctx, pending: sim.NoOutcome}
		p.players[i] = pl
		n.Parties[i].Strategy = agents.NewHuman(pl)
		n.Parties[i].StrategyName = "human"
		st.pairing, st.party, st.player = p, i, pl
	}
	p.n = &n
	c.pairings = append(c.pairings, p)
	c.wg.Add(1)
	go c.playPairing(p)
	c.changed(seats[0], seats[1])
	return p
}

// playPairing plays p's negotiation to its end, then records it.
func (c *Class) playPairing(p *pairing) {
	defer c.wg.Done()
	res, err := playSession(p.n, p.run, p.seed)
	var agent sim.Result
	if err == nil {
		agent, _ = playSession(p.g.n, p.run, p.seed)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p.cancel()
	switch {
	case p.state == stopped:
	case err != nil:
		p.state, p.err = stopped, err
	default:
		p.state, p.res, p.agent = finished, &res, &agent
		p.hist = offersOf(res.Trace)
		p.round = res.Round
		g := p.g
		k, _ := slices.BinarySearchFunc(g.done, p.run, func(q *pairing, run int) int { return q.run - run })
		g.done = slices.Insert(g.done, k, p)
	}
	for _, pl := range p.players {
		if pl != nil {
			pl.prompt = nil
		}
	}
	p.bump()
	c.changed(p.seats[0], p.seats[1])
}

// playSession plays run of n with seed, traced; a strategy that breaks the
// engine's rules is an error, not a crash.
func playSession(n *sim.Negotiation, run int, seed uint64) (res sim.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("a strategy failed: %v", r)
		}
	}()
	return sim.NewSession(n).Play(run, seed, true), nil
}

// offersOf returns the offers of a traced session, as its History held
// them.
func offersOf(trace []sim.Event) []sim.Offer {
	var out []sim.Offer
	for _, e := range trace {
		if e.Kind == sim.EventOffer {
			out = append(out, sim.Offer{Round: int32(e.Round), By: int32(e.Actor), Outcome: e.Outcome})
		}
	}
	return out
}

// Pause stops taking moves; Resume takes them again.
func (c *Class) Pause() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.phase != playing {
		return stateErr("nothing to pause: the class is %s", c.phase)
	}
	c.phase = paused
	c.changedAll()
	return nil
}

// Resume ends a pause. Seats count as present from now on.
func (c *Class) Resume() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.phase != paused {
		return stateErr("nothing to resume: the class is %s", c.phase)
	}
	c.phase = playing
	now := c.now()
	for _, s := range c.seats {
		if s != nil {
			s.seen, s.waitAt = now, now
		}
	}
	c.changedAll()
	return nil
}

// End ends the round of play: negotiations still under way are stopped
// and left out of the results; students still waiting leave the queue.
// The class's folders are then written in the background.
func (c *Class) End() error {
	c.mu.Lock()
	if c.phase != playing && c.phase != paused {
		c.mu.Unlock()
		return stateErr("no round of play to end: the class is %s", c.phase)
	}
	c.stopAll()
	c.phase = ended
	c.changedAll()
	c.wg.Add(1)
	c.mu.Unlock()
	go func() {
		defer c.wg.Done()
		c.Save() // the error shows on the dashboard
	}()
	return nil
}

// stopAll stops every running pairing. The caller holds the lock.
func (c *Class) stopAll() {
	for _, p := range c.pairings {
		if p.state == running {
			p.state = stopped
			p.cancel()
		}
	}
	c.waiting = c.waiting[:0]
}

// Reveal shows every student of the round of play that ended the other
// side's preferences: the full summary of their session and the narration.
func (c *Class) Reveal() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.phase != ended {
		return stateErr("the preferences are revealed after the end of a round of play")
	}
	c.revealed = true
	c.changedAll()
	return nil
}

// watch gives an agent the place of students who wait too long for a
// partner, and ends when the class closes.
func (c *Class) watch() {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
		c.mu.Lock()
		if c.phase == playing {
			now := c.now()
			for len(c.waiting) > 0 && now.Sub(c.waiting[0].waitAt) >= c.cfg.Absent {
				st := c.waiting[0]
				c.waiting = c.waiting[1:]
				// The agent takes the seat of the absent partner: the
				// student plays the side the balance asks for.
				var seats [2]*seat
				seats[c.balancedSide()] = st
				c.pair(c.current, seats)
			}
		}
		c.mu.Unlock()
	}
}

// Close stops every negotiation, waits for them, and writes the class's
// folders: what Ctrl-C does. It returns the folders written.
func (c *Class) Close() ([]string, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errors.New("class closed twice")
	}
	c.closed = true
	c.stopAll()
	if c.phase == playing || c.phase == paused {
		c.phase = ended
	}
	c.changedAll()
	c.mu.Unlock()
	c.cancel()
	c.wg.Wait()
	return c.Save()
}
