package agents

import (
	"math"

	"github.com/parley-sim/parley/sim"
)

// opponentModel estimates the opponent's utility from the offers it makes.
// A bidding strategy that picks, among the outcomes of its target band, the
// one best for the opponent asks the model (Baarslag et al. 2014b's BOA
// opponent-model component). Models allocate nothing after construction.
type opponentModel interface {
	// update learns from one offer the opponent made.
	update(o sim.Outcome)
	// utility estimates the opponent's utility of o, in [0, 1].
	utility(o sim.Outcome) float64
}

// The opponent models, as named by the "opponent_model" parameter.
const (
	modelAuto      = "auto"
	modelNone      = "none"
	modelFrequency = "frequency"
	modelBayesian  = "bayesian"
	modelPerceived = "perceived"
)

var (
	_ opponentModel = (*frequencyModel)(nil)
	_ opponentModel = (*bayesianModel)(nil)
	_ opponentModel = perceivedModel{}
)

// opponentModelParam is the "opponent_model" parameter; auto is described
// by autoDoc, and is not offered when autoDoc is empty.
func opponentModelParam(def, autoDoc string) Param {
	p := Param{
		Name:    "opponent_model",
		Default: def,
		Choices: []string{modelNone, modelFrequency, modelBayesian, modelPerceived},
		Doc:     "how the party estimates the opponent's utility, to pick among the outcomes of its target band the one best for the opponent: none (the band's least good outcome for the party); frequency (HardHeaded's frequency model); bayesian (Hindriks & Tykhonov's scalable Bayesian model); perceived (the party's perception of the opponent's utility from the scenario, none without one)",
	}
	if autoDoc != "" {
		p.Choices = append([]string{modelAuto}, p.Choices...)
		p.Doc += "; auto = " + autoDoc
	}
	return p
}

// newModel builds the opponent model kind for one session, or returns nil
// for none (and for perceived when the party perceives nothing).
func newModel(kind string, self *sim.Self) opponentModel {
	switch kind {
	case modelFrequency:
		return newFrequencyModel(self.Space)
	case modelBayesian:
		return newBayesianModel(self.Space)
	case modelPerceived:
		if self.Opponent != nil && self.Opponent.Len() == self.Utility.Len() {
			return perceivedModel{self.Opponent}
		}
	}
	return nil
}

// perceivedModel reads the party's perception of the opponent's utility,
// which the scenario gives it; it learns nothing.
type perceivedModel struct{ u *sim.Utility }

func (perceivedModel) update(sim.Outcome) {}

func (m perceivedModel) utility(o sim.Outcome) float64 { return m.u.Of(o) }

// valueTable lays out one number per value of every issue in one slice.
type valueTable struct {
	off []int // off[i] is the position of issue i's first value
	v   []float64
}

func newValueTable(s *sim.Space) valueTable {
	t := valueTable{off: make([]int, s.NumIssues()+1)}
	for i, is := range s.Issues() {
		t.off[i+1] = t.off[i] + len(is.Values)
	}
	t.v = make([]float64, t.off[len(t.off)-1])
	return t
}

// issue returns the numbers of issue i's values.
func (t valueTable) issue(i int) []float64 { return t.v[t.off[i]:t.off[i+1]] }

// frequencyModel is HardHeaded's frequency opponent model (van Krimpen,
// Looije & Hajizadeh 2013; GENIUS KLH): the opponent's issue weights start
// at 1/n; after each of its offers from the second on, every issue whose
// value did not change since its previous offer gains g = 0.2/n (unless
// its weight already reached 1 − n·g/(1 + g·#unchanged)) and all weights
// are divided by 1 + g·#unchanged; each value's count starts at 1 and the
// value offered gains 1. The estimated utility is Σ wᵢ·countᵢ(v)/maxᵢ.
type frequencyModel struct {
	space  *sim.Space
	w      []float64
	counts valueTable
	max    []float64 // highest count per issue
	last   []int32   // the value indices of the previous offer
	offers int
}

func newFrequencyModel(s *sim.Space) *frequencyModel {
	n := s.NumIssues()
	m := &frequencyModel{space: s, w: make([]float64, n), counts: newValueTable(s), max: make([]float64, n), last: make([]int32, n)}
	for i := range m.w {
		m.w[i] = 1 / float64(n)
		m.max[i] = 1
	}
	for i := range m.counts.v {
		m.counts.v[i] = 1
	}
	return m
}

// frequencyLearning is HardHeaded's LEARNING_COEF: the weight gain of an
// unchanged issue is frequencyLearning/n.
const frequencyLearning = 0.2

func (m *frequencyModel) update(o sim.Outcome) {
	m.offers++
	n := len(m.w)
	if m.offers == 1 {
		for i := range n {
			m.last[i] = int32(m.space.ValueIndex(o, i))
		}
		return
	}
	unchanged := 0
	for i := range n {
		if int32(m.space.ValueIndex(o, i)) == m.last[i] {
			unchanged++
		}
	}
	g := frequencyLearning / float64(n)
	total := 1 + g*float64(unchanged)
	maxWeight := 1 - float64(n)*g/total
	for i := range n {
		v := m.space.ValueIndex(o, i)
		if int32(v) == m.last[i] && m.w[i] < maxWeight {
			m.w[i] = (m.w[i] + g) / total
		} else {
			m.w[i] /= total
		}
		c := m.counts.issue(i)
		c[v]++
		m.max[i] = max(m.max[i], c[v])
		m.last[i] = int32(v)
	}
}

func (m *frequencyModel) utility(o sim.Outcome) float64 {
	var u float64
	for i, w := range m.w {
		u += w * m.counts.issue(i)[m.space.ValueIndex(o, i)] / m.max[i]
	}
	return u
}

// Constants of the GENIUS scalable Bayesian model (Hindriks & Tykhonov
// 2008; BayesianOpponentModelScalable).
const (
	// bayesSigma is the spread of the likelihood N(x; 0, σ) of
	// x = (u_expected − u_h(b))/u_expected.
	bayesSigma = 0.25
	// bayesConcession is the opponent's expected concession per new bid:
	// the expected utility of its next bid starts at 1 and falls by it.
	bayesConcession = 0.003
	// bayesWeights is the number of weight hypotheses per issue, j/10 for
	// j = 0..10, with prior ∝ (1 − (j+1)/11)³.
	bayesWeights = 11
	// bayesTriangles is the number of triangular evaluation hypotheses of
	// a numeric issue (and of an option issue with more than
	// bayesMaxOptions values), peaking at k/5 of the range, k = 1..4.
	bayesTriangles = 4
	// bayesMaxOptions is the most values an option issue may have for one
	// triangular hypothesis per inner value, as GENIUS makes; larger ones
	// get the numeric issue's hypotheses, to bound the work per bid.
	bayesMaxOptions = 64
)

// bayesianModel is the scalable Bayesian opponent model of Hindriks &
// Tykhonov (2008) as in GENIUS's BayesianOpponentModelScalable. Per issue
// it keeps independent hypotheses about the issue's weight (11 values) and
// about the shape of its evaluation (uphill, downhill, triangular), each
// with a probability. On every new distinct bid b of the opponent, each
// hypothesis h is reweighted by the likelihood exp(−x²/2σ²) of
// x = (U − u_h(b))/U, where u_h(b) is the expected utility of b with h in
// place of its issue's expectation and U the utility the opponent is
// expected to concede to (1, falling by 0.003 per bid): weights first (from
// the second bid on), then evaluation shapes. The estimated utility is
// Σᵢ E[wᵢ]·E[evalᵢ(v)] / Σᵢ E[wᵢ].
type bayesianModel struct {
	space *sim.Space
	seen  bitset
	bids  int
	want  float64 // U: the utility the opponent's next bid is expected to have

	wp []float64 // weight hypothesis probabilities, bayesWeights per issue
	ew []float64 // expected weight per issue

	// Evaluation hypotheses: issue i has hyps[i+1] − hyps[i] of them; the
	// probability of its h-th is ep[hyps[i]+h] and its evaluation of value
	// v is ev[evOff[i] + h·nᵢ + v].
	hyps  []int
	ep    []float64
	evOff []int
	ev    []float64

	exp valueTable // E[evalᵢ(v)] under the current probabilities

	// Scratch space for one update.
	val  []int     // the bid's value index per issue
	eOld []float64 // E[evalᵢ(bᵢ)] before the update
	wNew []float64
	eNew []float64
}

func newBayesianModel(s *sim.Space) *bayesianModel {
	n := s.NumIssues()
	m := &bayesianModel{
		space: s,
		seen:  newBitset(s.Size()),
		want:  1,
		wp:    make([]float64, n*bayesWeights),
		ew:    make([]float64, n),
		hyps:  make([]int, n+1),
		evOff: make([]int, n+1),
		exp:   newValueTable(s),
		val:   make([]int, n),
		eOld:  make([]float64, n),
		wNew:  make([]float64, n*bayesWeights),
	}
	var prior [bayesWeights]float64
	var sum float64
	for j := range prior {
		x := 1 - float64(j+1)/bayesWeights
		prior[j] = x * x * x
		sum += prior[j]
	}
	for i := range n {
		for j := range prior {
			m.wp[i*bayesWeights+j] = prior[j] / sum
		}
	}
	// Evaluation hypotheses.
	shapes := make([][][]float64, n)
	for i, is := range s.Issues() {
		shapes[i] = evaluationShapes(is)
		m.hyps[i+1] = m.hyps[i] + len(shapes[i])
		m.evOff[i+1] = m.evOff[i] + len(shapes[i])*len(is.Values)
	}
	m.ep = make([]float64, m.hyps[n])
	m.eNew = make([]float64, m.hyps[n])
	m.ev = make([]float64, m.evOff[n])
	for i := range n {
		h := len(shapes[i])
		for k, sh := range shapes[i] {
			m.ep[m.hyps[i]+k] = 1 / float64(h)
			copy(m.ev[m.evOff[i]+k*len(sh):], sh)
		}
	}
	m.expectations()
	return m
}

// evaluationShapes returns the evaluation hypotheses of an issue, each
// normalised to a maximum of 1. An option issue gets GENIUS's discrete
// hypotheses over its values in scenario order: uphill 1000j+1, downhill
// 1000(n−j−1)+1 and, for k = 1..n−2, triangular ⌊1000j/k⌋ below k and
// ⌊1000(n−j−1)/(n−k−1)⌋+1 from k on. A numeric issue (or an option issue
// with more than bayesMaxOptions values) gets GENIUS's real-issue
// hypotheses over the position x ∈ [0, 1] of its values in their range:
// uphill x, downhill 1 − x and four triangles peaking at k/5.
func evaluationShapes(is sim.Issue) [][]float64 {
	n := len(is.Values)
	var out [][]float64
	add := func(f func(j int) float64) {
		e := make([]float64, n)
		var hi float64
		for j := range e {
			e[j] = f(j)
			hi = max(hi, e[j])
		}
		for j := range e {
			if hi > 0 {
				e[j] /= hi
			} else {
				e[j] = 1
			}
		}
		out = append(out, e)
	}
	if !is.Numeric && n <= bayesMaxOptions {
		add(func(j int) float64 { return float64(1000*j + 1) })
		add(func(j int) float64 { return float64(1000*(n-j-1) + 1) })
		for k := 1; k < n-1; k++ {
			add(func(j int) float64 {
				if j < k {
					return float64(1000 * j / k)
				}
				return float64(1000*(n-j-1)/(n-k-1) + 1)
			})
		}
		return out
	}
	// Positions in the range: by number for numeric issues, by order
	// otherwise.
	pos := make([]float64, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	for j, v := range is.Values {
		x := float64(j)
		if is.Numeric {
			x = v.Number
		}
		pos[j] = x
		lo, hi = min(lo, x), max(hi, x)
	}
	for j := range pos {
		if hi > lo {
			pos[j] = (pos[j] - lo) / (hi - lo)
		} else {
			pos[j] = 1
		}
	}
	add(func(j int) float64 { return pos[j] })
	add(func(j int) float64 { return 1 - pos[j] })
	for k := 1; k <= bayesTriangles; k++ {
		top := float64(k) / (bayesTriangles + 1)
		add(func(j int) float64 {
			if x := pos[j]; x <= top {
				return x / top
			} else {
				return (1 - x) / (1 - top)
			}
		})
	}
	return out
}

// expectations recomputes the expected weight of every issue and the
// expected evaluation of every value.
func (m *bayesianModel) expectations() {
	for i := range m.ew {
		var w float64
		for j := range bayesWeights {
			w += m.wp[i*bayesWeights+j] * float64(j) / (bayesWeights - 1)
		}
		m.ew[i] = w
		e := m.exp.issue(i)
		clear(e)
		n := len(e)
		for h := range m.hyps[i+1] - m.hyps[i] {
			p := m.ep[m.hyps[i]+h]
			ev := m.ev[m.evOff[i]+h*n : m.evOff[i]+(h+1)*n]
			for v := range e {
				e[v] += p * ev[v]
			}
		}
	}
}

// likelihood is N(x; 0, σ) of x = (want − u)/want, up to a constant factor.
func (m *bayesianModel) likelihood(u float64) float64 {
	x := (m.want - u) / m.want
	return math.Exp(-x * x / (2 * bayesSigma * bayesSigma))
}

// normalize scales p to sum to one; if the sum is zero or not finite (the
// likelihoods underflowed) it restores the probabilities old instead.
func normalize(p, old []float64) {
	var s float64
	for _, x := range p {
		s += x
	}
	if !(s > 0) || math.IsInf(s, 0) {
		copy(p, old)
		return
	}
	for k := range p {
		p[k] /= s
	}
}

func (m *bayesianModel) update(o sim.Outcome) {
	if !m.seen.add(int(o)) {
		return // GENIUS learns from new bids only
	}
	m.bids++
	n := len(m.ew)
	var total float64 // Σ E[wᵢ]·E[evalᵢ(bᵢ)]
	for i := range n {
		m.val[i] = m.space.ValueIndex(o, i)
		m.eOld[i] = m.exp.issue(i)[m.val[i]]
		total += m.ew[i] * m.eOld[i]
	}
	if m.bids > 1 {
		// Weights, all issues against the old expectations.
		for i := range n {
			rest := total - m.ew[i]*m.eOld[i]
			for j := range bayesWeights {
				k := i*bayesWeights + j
				w := float64(j) / (bayesWeights - 1)
				m.wNew[k] = m.wp[k] * m.likelihood(w*m.eOld[i]+rest)
			}
			normalize(m.wNew[i*bayesWeights:(i+1)*bayesWeights], m.wp[i*bayesWeights:(i+1)*bayesWeights])
		}
		copy(m.wp, m.wNew)
		for i := range n {
			var w float64
			for j := range bayesWeights {
				w += m.wp[i*bayesWeights+j] * float64(j) / (bayesWeights - 1)
			}
			m.ew[i] = w
		}
	}
	// Evaluation shapes, against the new weights and the old evaluations.
	total = 0
	for i := range n {
		total += m.ew[i] * m.eOld[i]
	}
	for i := range n {
		rest := total - m.ew[i]*m.eOld[i]
		nv := m.exp.off[i+1] - m.exp.off[i]
		for h := range m.hyps[i+1] - m.hyps[i] {
			k := m.hyps[i] + h
			m.eNew[k] = m.ep[k] * m.likelihood(rest+m.ew[i]*m.ev[m.evOff[i]+h*nv+m.val[i]])
		}
		normalize(m.eNew[m.hyps[i]:m.hyps[i+1]], m.ep[m.hyps[i]:m.hyps[i+1]])
	}
	copy(m.ep, m.eNew)
	m.expectations()
	m.want = max(m.want-bayesConcession, bayesConcession)
}

func (m *bayesianModel) utility(o sim.Outcome) float64 {
	var u, w float64
	for i, ew := range m.ew {
		u += ew * m.exp.issue(i)[m.space.ValueIndex(o, i)]
		w += ew
	}
	if !(w > 0) {
		return 0
	}
	return u / w
}
