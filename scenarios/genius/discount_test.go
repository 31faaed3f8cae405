package genius_test

import (
	"math"
	"testing"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/sim"
)

// A GENIUS domain of one issue and two discounted profiles: A's d = 0.5,
// B's d = 0.8; A prefers high values, B low ones.
const (
	discountDomain = `<negotiation_template><utility_space><objective index="0" name="d">
<issue index="1" name="x" type="integer" lowerbound="0" upperbound="10"/>
</objective></utility_space></negotiation_template>`
	discountProfileA = `<utility_space><objective index="0">
<issue index="1" name="x" type="integer" lowerbound="0" upperbound="10"><evaluator ftype="linear" slope="0.1" offset="0"/></issue>
<weight index="1" value="1"/></objective><discount_factor value="0.5"/></utility_space>`
	discountProfileB = `<utility_space><objective index="0">
<issue index="1" name="x" type="integer" lowerbound="0" upperbound="10"><evaluator ftype="linear" slope="-0.1" offset="1"/></issue>
<weight index="1" value="1"/></objective><discount_factor value="0.8"/></utility_space>`
)

// TestDiscountOnGeniusTimeline plays the imported scenario and checks each
// party's discounted utility of the deal against GENIUS's, computed by hand
// from GENIUS's rules: with a deadline of D rounds, GENIUS's round g (from
// 1) is at time t = g/(D+1), and a deal then is worth U·d^t. parley's
// round r (from 0) is GENIUS's round r+1; the scenario's per-round factor
// δ = d^(1/(D+1)) makes the deal worth U·δ^r = U·d^(r/(D+1)) in parley: GENIUS's
// clock, started one round earlier, so that parley's value times δ is
// GENIUS's exactly, whatever the round.
func TestDiscountOnGeniusTimeline(t *testing.T) {
	d, err := genius.ReadGenius(genius.File{Name: "d.xml", Data: []byte(discountDomain)},
		genius.File{Name: "a.xml", Data: []byte(discountProfileA)}, genius.File{Name: "b.xml", Data: []byte(discountProfileB)}, genius.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gd := [2]float64{0.5, 0.8} // the profiles' discount factors
	for _, deadline := range []int{10, 180} {
		opt := genius.Options{Deadline: deadline, Strategy: [2]string{"conceder", "boulware"}}
		y, _, err := d.YAML(opt)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenarios.Parse("imported.yaml", y, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := sc.Negotiation
		res := sim.NewSession(n).Play(0, 1, false)
		if res.End != sim.EndAgreement || res.Round < 1 {
			t.Fatalf("deadline %d: the session ended %v in round %d; the test needs a deal after round 0", deadline, res.End, res.Round)
		}
		g := res.Round + 1 // GENIUS's round
		for p := range 2 {
			delta := n.Parties[p].Discount
			if want := math.Pow(gd[p], 1/float64(deadline+1)); math.Abs(delta-want) > 1e-15 {
				t.Errorf("deadline %d, party %d: per-round discount %v, want d^(1/(D+1)) = %v", deadline, p, delta, want)
			}
			geniusValue := res.Utility[p] * math.Pow(gd[p], float64(g)/float64(deadline+1))
			if got := res.Discounted[p] * delta; math.Abs(got-geniusValue) > 1e-12 {
				t.Errorf("deadline %d, party %d, deal in round %d: parley's discounted %v × δ = %v, GENIUS's U·d^(%d/%d) = %v",
					deadline, p, res.Round, res.Discounted[p], got, g, deadline+1, geniusValue)
			}
		}
	}
}
