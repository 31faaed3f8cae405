package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// NewSampler returns a sim.Sampler for one worker of a batch: each call
// of its Sample draws the scenario's assumptions for the run seeded by
// seed and returns the negotiation the run plays, with the values drawn
// appended to draw in the order of s.Assumptions (a categorical one as the
// index of its value in Assumption.Values). Its signature is that of
// sim.Batch.NewSampler:
//
//	b := sim.Batch{NewSampler: s.NewSampler, Runs: s.Runs, Seed: s.Seed}
//
// Each sampler holds a model and a negotiation of its own, made once from
// the validated scenario; for each run it sets the values drawn and
// rebuilds, in place, only what depends on them: a party's utility table
// when its weights or value functions are uncertain, a perception when
// the party's noise or the opponent's utility is, a strategy's maker when
// its type or parameters are, the facilitator's utility when its
// preferences are. The outcome space is never rebuilt. The negotiation it
// returns is valid until the next call.
//
// Each assumption draws from its own stream of the run's seed
// (sim.AssumptionUniform, and sim.AssumptionRand for weights drawn from
// weights_concentration), so a run's draw depends on its seed and on the
// assumption's path and distribution only. A scenario without
// assumptions gives a sampler that returns Negotiation's equal in every
// run and draws nothing.
//
// NewSampler may be called from several goroutines at once; a sampler
// serves one goroutine.
func (s *Scenario) NewSampler() sim.Sampler {
	w, err := s.worker()
	if err != nil {
		return failedSampler{fmt.Errorf("scenario %s: %w", s.Name, err)}
	}
	return w
}

// worker decodes the scenario anew and makes the worker that samples it.
func (s *Scenario) worker() (*worker, error) {
	if s.tree == nil {
		return nil, errors.New("no scenario to sample: make it with Load or Parse")
	}
	r := newReader(s.Source)
	m := r.decode(cloneTree(s.tree), s.cat)
	if len(r.errs) > 0 {
		return nil, r.errorList()
	}
	fields := make([]*uncertainField, len(s.Assumptions))
	for i, a := range s.Assumptions {
		f, ok := m.uncertain[a.Path]
		if !ok {
			return nil, fmt.Errorf("assumption %s is missing from the scenario read again", a.Path)
		}
		fields[i] = f
	}
	if len(fields) != len(m.uncertain) {
		return nil, fmt.Errorf("the scenario read again has %d assumptions, not %d", len(m.uncertain), len(fields))
	}
	return newWorker(m, fields)
}

// failedSampler reports, at each run, why its worker could not be made.
type failedSampler struct{ err error }

func (f failedSampler) Sample(int, uint64, []float64) (*sim.Negotiation, []float64, error) {
	return nil, nil, f.err
}

// worker samples the runs of one scenario: a model and a negotiation of
// its own, the uncertain fields in the order of the assumptions, and
// which parts of the negotiation depend on them.
type worker struct {
	m      *model
	n      *sim.Negotiation
	fields []*uncertainField
	groups []*weightGroup
	// What the draws change, per party: its utility table (weights or
	// value functions), its perception (noise, or the opponent's utility),
	// its strategy.
	utility, perceive, strategy [2]bool
	// facUtility: the facilitator's preferences.
	facUtility bool
	// Buffers of the profiles rebuilt in each run.
	prof, perc [2]sim.Additive
	facProf    sim.Additive
	// percU holds each party's own perceived utility, rebuilt in place.
	percU [2]*sim.Utility
}

// newWorker makes the negotiation of m and works out what each of fields
// changes.
func newWorker(m *model, fields []*uncertainField) (*worker, error) {
	n, err := m.negotiation()
	if err != nil {
		return nil, err
	}
	w := &worker{m: m, n: n, fields: fields}
	party := func(path string) int {
		for k, p := range m.Parties {
			if strings.HasPrefix(path, "parties."+p.ID+".") {
				return k
			}
		}
		return -1
	}
	for _, f := range fields {
		if f.group != nil && !slices.Contains(w.groups, f.group) {
			w.groups = append(w.groups, f.group)
		}
		if strings.HasPrefix(f.path, "facilitator.preferences.") {
			w.facUtility = true
			continue
		}
		k := party(f.path)
		if k < 0 {
			continue
		}
		rest := strings.TrimPrefix(f.path, "parties."+m.Parties[k].ID+".")
		switch {
		case strings.HasPrefix(rest, "weights.") || strings.HasPrefix(rest, "values."):
			w.utility[k] = true
		case rest == "perception.noise":
			w.perceive[k] = true
		case strings.HasPrefix(rest, "strategy."):
			w.strategy[k] = true
		}
	}
	for k, p := range m.Parties {
		if p.Perceives && (w.perceive[k] || (w.utility[1-k] && p.Noise > 0)) {
			w.perceive[k] = true
			w.percU[k] = new(sim.Utility)
		}
	}
	return w, nil
}

// Sample draws the assumptions of the run seeded by seed, sets them and
// rebuilds what depends on them.
func (w *worker) Sample(_ int, seed uint64, draw []float64) (*sim.Negotiation, []float64, error) {
	for _, g := range w.groups {
		g.drawn = false
	}
	for _, f := range w.fields {
		x := drawField(f, seed)
		f.set(x)
		draw = append(draw, x)
	}
	if err := w.refresh(); err != nil {
		return nil, draw, err
	}
	return w.n, draw, nil
}

// drawField draws the value of field f in the run seeded by seed: by
// inversion of sim.AssumptionUniform(seed, f.path), or as its component
// of its weight group's Dirichlet draw.
func drawField(f *uncertainField, seed uint64) float64 {
	if f.group != nil {
		return f.group.draw(seed, f.comp)
	}
	return f.d.at(sim.AssumptionUniform(seed, f.path))
}

// refresh brings the negotiation up to date with the model's values.
func (w *worker) refresh() error {
	m, n := w.m, w.n
	for _, p := range m.Parties {
		if p.drawWeights || p.Concentration > 0 {
			normalise(p.Weights, p.Raw)
		}
	}
	m.setParties(n)
	for k, p := range m.Parties {
		if !w.utility[k] {
			continue
		}
		m.profileInto(p, &w.prof[k])
		if err := n.Parties[k].Utility.Rebuild(n.Space, w.prof[k]); err != nil {
			return fmt.Errorf("party %s: %w", p.ID, err)
		}
	}
	for k, p := range m.Parties {
		if !w.perceive[k] {
			continue
		}
		if p.Noise == 0 {
			n.Parties[k].Perceived = n.Parties[1-k].Utility
			continue
		}
		_, opp, _ := n.Parties[1-k].Utility.Profile()
		perceivedProfile(&w.perc[k], m.Seed, k, p.Noise, opp)
		if err := w.percU[k].Rebuild(n.Space, w.perc[k]); err != nil {
			return fmt.Errorf("party %s: perception: %w", p.ID, err)
		}
		n.Parties[k].Perceived = w.percU[k]
	}
	for k, p := range m.Parties {
		if !w.strategy[k] {
			continue
		}
		mk, name, err := p.Strategy.make()
		if err != nil {
			return fmt.Errorf("party %s: %w", p.ID, err)
		}
		n.Parties[k].Strategy, n.Parties[k].StrategyName = mk, name
	}
	m.setProtocol(n)
	if m.Facilitator != nil {
		var evals [2][][]float64
		for k := range evals {
			if w.utility[k] {
				evals[k] = w.prof[k].Values
			}
		}
		m.setFacilitator(n.Facilitator, evals)
		if w.facUtility {
			prefs := m.Facilitator.Prefs
			if prefs.drawWeights || prefs.Concentration > 0 {
				normalise(prefs.Weights, prefs.Raw)
			}
			m.profileInto(prefs, &w.facProf)
			if err := n.Facilitator.Utility.Rebuild(n.Space, w.facProf); err != nil {
				return fmt.Errorf("facilitator preferences: %w", err)
			}
		}
	}
	return nil
}

// profileInto writes p's additive profile into dst, as profile does,
// reusing dst's slices for the evaluations; its weights are p's own.
func (m *model) profileInto(p *partySpec, dst *sim.Additive) {
	dst.Weights = p.Weights
	if len(dst.Values) != len(m.Issues) {
		dst.Values = make([][]float64, len(m.Issues))
	}
	for i, is := range m.Issues {
		if i < len(p.Values) && p.Values[i] != nil {
			dst.Values[i] = p.Values[i].evalInto(is, dst.Values[i])
			continue
		}
		dst.Values[i] = resize(dst.Values[i], is.size())
		clear(dst.Values[i])
	}
}

// NewSampler returns a sim.Sampler for one worker of a sweep, for
// sim.Sweep.NewSampler: Sample(point, seed, draw) plays the negotiation of
// point with its assumptions drawn for the run seeded by seed, as
// Scenario.NewSampler does for one scenario. The sampler builds a point's
// model when it first meets the point and keeps it for the point's next
// runs, so a worker pays the building once per point it plays.
//
// Every point must have the assumptions of s.Assumptions (the same paths,
// kinds and values, in the same order); their distributions may differ.
// A point whose assumptions differ is an error at its first run. LoadSweep
// checks this for every value the sweep lists.
func (s *Sweep) NewSampler() sim.Sampler { return &sweepSampler{s: s, point: -1} }

// sweepSampler is the sampler of one worker of a sweep.
type sweepSampler struct {
	s     *Sweep
	point int
	w     *worker
	err   error
}

func (ss *sweepSampler) Sample(point int, seed uint64, draw []float64) (*sim.Negotiation, []float64, error) {
	if point != ss.point {
		ss.point = point
		ss.w, ss.err = ss.s.worker(point)
	}
	if ss.err != nil {
		return nil, draw, ss.err
	}
	return ss.w.Sample(point, seed, draw)
}

// worker makes the worker that samples point.
func (s *Sweep) worker(point int) (*worker, error) {
	if point < 0 || point >= s.points {
		return nil, fmt.Errorf("point %d out of range [0, %d)", point, s.points)
	}
	sets := s.Sets(point)
	tr, m := s.trial(sets)
	if len(tr.errs) > 0 {
		return nil, tr.errorList()
	}
	_, fields, err := m.resolved()
	if err != nil {
		return nil, err
	}
	if msg := sameAssumptions(s.Assumptions, assumptions(fields)); msg != "" {
		return nil, fmt.Errorf("%s: %s", strings.Join(sets, " "), msg)
	}
	return newWorker(m, fields)
}

// sameAssumptions says how the assumptions got differ from want (paths,
// kinds and values; not the distributions), or "".
func sameAssumptions(want, got []Assumption) string {
	paths := func(as []Assumption) string {
		if len(as) == 0 {
			return "none"
		}
		p := make([]string, len(as))
		for i, a := range as {
			p[i] = a.Path
		}
		return strings.Join(p, ", ")
	}
	differ := len(want) != len(got)
	for i := 0; !differ && i < len(want); i++ {
		differ = want[i].Path != got[i].Path || want[i].Kind != got[i].Kind || !slices.Equal(want[i].Values, got[i].Values)
	}
	if !differ {
		return ""
	}
	return fmt.Sprintf("the uncertain fields (%s) differ from those of the sweep's first point (%s); every point of a sweep draws the same assumptions, with the same values for a choice", paths(got), paths(want))
}
