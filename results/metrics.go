package results

import (
	"math"
	"strconv"

	"github.com/parley-sim/parley/sim"
)

// concessionTol is the difference in total concession below which both
// parties count as having conceded the same (conceded_more = "equal").
const concessionTol = 1e-9

// concededMoreIndex returns the party that conceded more in total, or −1
// when both conceded the same within concessionTol (or a total is NaN).
func concededMoreIndex(c [2]float64) int {
	switch d := c[0] - c[1]; {
	case d > concessionTol:
		return 0
	case d < -concessionTol:
		return 1
	}
	return -1
}

// runMetrics measures result res against analysis an of negotiation n.
// Welfare, the Nash product, the surplus shares and the advantages use
// what the result is worth to the parties (res.Utility, the facilitator's
// guarantee included). The distances dist_pareto, dist_nash and dist_ks
// compare outcomes of the issue space, so they use the parties'
// utilities of the agreed outcome without any guarantee, and are NaN
// without agreement: there is no agreement to measure.
func runMetrics(an *sim.Analysis, n *sim.Negotiation, res *sim.Result) sim.Metrics {
	m := an.Metrics(res.Utility)
	if !res.Agreed() || res.Agreement == sim.NoOutcome {
		m.DistPareto, m.DistNash, m.DistKS = math.NaN(), math.NaN(), math.NaN()
		return m
	}
	var u [2]float64
	for i := range 2 {
		u[i] = n.Parties[i].Utility.Of(res.Agreement)
	}
	if u != res.Utility {
		d := an.Metrics(u)
		m.DistPareto, m.DistNash, m.DistKS = d.DistPareto, d.DistNash, d.DistKS
	}
	return m
}

// appendMetrics appends the metric columns of runs.csv for a result with
// metrics m: m itself, then who conceded more.
func appendMetrics(row []string, cols *columns, res *sim.Result, m sim.Metrics) []string {
	row = append(row,
		formatFloat(m.DistPareto), formatFloat(m.DistNash), formatFloat(m.DistKS),
		formatFloat(m.Welfare), formatFloat(m.NashProduct),
		formatFloat(m.SurplusShare[0]), formatFloat(m.SurplusShare[1]),
		formatFloat(m.Advantage[0]), formatFloat(m.Advantage[1]))
	who := concededEqual
	if i := concededMoreIndex(res.Concession); i >= 0 {
		who = cols.party[i]
	}
	return append(row, who)
}

// appendMediation appends the facilitator columns of runs.csv for a run
// of negotiation n.
func appendMediation(row []string, cols *columns, n *sim.Negotiation, m *sim.Mediation) []string {
	round := ""
	if m.Invited && m.InviteRound >= 0 {
		round = strconv.Itoa(m.InviteRound)
	}
	cost, util := math.NaN(), math.NaN()
	if m.Guarantee != "" {
		cost = m.GuaranteeCost
	}
	if n.Facilitator != nil && n.Facilitator.Utility != nil {
		util = m.Utility
	}
	return append(row,
		strconv.FormatBool(m.Invited),
		round,
		cols.partyID(m.AskedFirst),
		m.Reason,
		strconv.Itoa(m.Mediations),
		strconv.Itoa(m.Drafts),
		strconv.Itoa(m.Accepted),
		strconv.FormatBool(m.Mediated),
		m.Guarantee,
		formatFloat(cost),
		formatFloat(util),
		cols.partyID(m.DismissedBy),
	)
}

// metricSamples accumulates the metric columns for summary.csv.
type metricSamples struct {
	distPareto, distNash, distKS *sample
	welfare, nashProduct         *sample
	surplus, advantage           [2]*sample
	conceded                     [3]int // runs in which A, B conceded more; equal
}

func newMetricSamples() *metricSamples {
	m := &metricSamples{
		distPareto: newSample(), distNash: newSample(), distKS: newSample(),
		welfare: newSample(), nashProduct: newSample(),
	}
	for i := range 2 {
		m.surplus[i], m.advantage[i] = newSample(), newSample()
	}
	return m
}

func (s *metricSamples) add(m sim.Metrics, conceded int) {
	s.distPareto.addDefined(m.DistPareto)
	s.distNash.addDefined(m.DistNash)
	s.distKS.addDefined(m.DistKS)
	s.welfare.addDefined(m.Welfare)
	s.nashProduct.addDefined(m.NashProduct)
	for i := range 2 {
		s.surplus[i].addDefined(m.SurplusShare[i])
		s.advantage[i].addDefined(m.Advantage[i])
	}
	if conceded < 0 {
		conceded = 2
	}
	s.conceded[conceded]++
}

// mediationSamples accumulates the facilitator's columns for summary.csv.
type mediationSamples struct {
	invited, mediated int
	inviteRound       *sample // invited runs only
	utility           *sample // the facilitator's utility, all runs
}

func newMediationSamples() *mediationSamples {
	return &mediationSamples{inviteRound: newSample(), utility: newSample()}
}

func (s *mediationSamples) add(m *sim.Mediation, hasUtility bool) {
	if m.Invited {
		s.invited++
		s.inviteRound.add(float64(m.InviteRound))
	}
	if m.Mediated {
		s.mediated++
	}
	if hasUtility {
		s.utility.addDefined(m.Utility)
	}
}
