package agents

import (
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestExplain plays traced sessions and checks that every offer and
// acceptance of an explaining strategy carries its reason, that the
// reasons say what the rule did, and that asking for them changes nothing.
func TestExplain(t *testing.T) {
	ua, ub := unitPie(101)
	tests := []struct {
		name     string
		a, b     sim.Maker
		protocol sim.ProtocolType
		first    int
		// ua and ub are the parties' utilities of the values of the one
		// issue; nil means the unit pie in 101 shares.
		ua, ub []float64
		// setup, if not nil, changes the negotiation before play.
		setup func(n *sim.Negotiation)
		// want[i] lists phrases that must appear in some note of party i.
		want [2][]string
	}{
		{
			name: "boulware against conceder",
			a:    maker(t, "boulware", nil), b: maker(t, "conceder", nil),
			want: [2][]string{{"target 1.00 at t = 0.05 (Boulware, e = 0.2)", "accepts: the offer is worth"}, {"(Conceder, e = 2)"}},
		},
		{
			name: "hardliner against linear",
			a:    maker(t, "hardliner", nil), b: maker(t, "linear", nil),
			want: [2][]string{{"never concedes"}, {"target 0.24 at t = 0.95 (linear, e = 1)"}},
		},
		{
			name: "negmas boulware",
			a:    maker(t, "boulware", Params{"convention": "negmas"}), b: maker(t, "conceder", nil),
			want: [2][]string{{"(Boulware, NegMAS convention, e = 4)"}, {"Conceder"}},
		},
		{
			name: "tit-for-tat against linear",
			a:    maker(t, "tft-relative", nil), b: maker(t, "linear", nil),
			want: [2][]string{{"holds its position 1.00 until the opponent has made 2 offers (relative tit-for-tat, δ = 1)", "mirrors the opponent's concession of"}, {"linear"}},
		},
		{
			name: "averaged and random tit-for-tat",
			a:    maker(t, "tft-averaged", nil), b: maker(t, "tft-random", Params{"m": 0.05}),
			want: [2][]string{{"over its last 2 offers"}, {"plus a random concession of up to 0.05"}},
		},
		{
			name: "rubinstein",
			a:    maker(t, "rubinstein", nil), b: maker(t, "rubinstein", nil),
			setup: func(n *sim.Negotiation) {
				n.Parties[0].Reservation, n.Parties[1].Reservation = 0, 0
				n.Parties[0].Discount, n.Parties[1].Discount = 0.9, 0.8
				n.Protocol.DiscountPerOffer = true
			},
			want: [2][]string{{"offers the SPE share"}, {"accepts: taking the offer is worth at least what rejecting would bring it"}},
		},
		{
			name: "micro",
			a:    maker(t, "micro", nil), b: maker(t, "micro", nil),
			ua: microA, ub: microB,
			want: [2][]string{{"opens with its best outcome", "concedes one step down its own ranking, to its 2nd best outcome"}, {"concedes one step"}},
		},
		{
			name: "zeuthen under monotonic concession",
			a:    maker(t, "zeuthen", Params{"opponent_reservation": 0.2}), b: maker(t, "zeuthen", Params{"opponent_reservation": 0.2}), protocol: sim.MonotonicConcession,
			want: [2][]string{{"opens with its best outcome", "concedes just enough: its risk"}, {"stands still: it would lose more"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := ua, ub
			if tc.ua != nil {
				a, b = tc.ua, tc.ub
			}
			n := oneIssue(t, a, b, [2]float64{0.2, 0.2}, tc.a, tc.b, 20, tc.first)
			n.Protocol.Type = tc.protocol
			if tc.setup != nil {
				tc.setup(n)
			}
			if tc.protocol == sim.MonotonicConcession {
				// Zeuthen reads the opponent's utility from its perception.
				n.Parties[0].Perceived, n.Parties[1].Perceived = n.Parties[1].Utility, n.Parties[0].Utility
			}
			plain := sim.NewSession(n).Play(0, 9, false)
			res := sim.NewSession(n).Play(0, 9, true)
			if plain.End != res.End || plain.Round != res.Round || plain.Agreement != res.Agreement {
				t.Fatalf("tracing changed the session: %v in round %d on %d, traced %v in round %d on %d",
					plain.End, plain.Round, plain.Agreement, res.End, res.Round, res.Agreement)
			}
			var notes [2][]string
			for i, e := range res.Trace {
				note := res.Note(i)
				if e.Actor < 0 {
					continue
				}
				if e.Kind == sim.EventOffer || (e.Kind == sim.EventAccept && tc.protocol == sim.Alternating) {
					if note == "" {
						t.Errorf("event %d (%v by %d in round %d) has no explanation", i, e.Kind, e.Actor, e.Round)
					}
				}
				notes[e.Actor] = append(notes[e.Actor], note)
			}
			for p := range 2 {
				all := strings.Join(notes[p], "\n")
				for _, w := range tc.want[p] {
					if !strings.Contains(all, w) {
						t.Errorf("party %d never says %q; it said:\n%s", p, w, all)
					}
				}
			}
		})
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestAcceptReason(t *testing.T) {
	tests := []struct {
		a    acceptance
		u    float64
		want string
	}{
		{acceptance{kind: acceptNext}, 0.7, "at least as much as its own next offer (0.60)"},
		{acceptance{kind: acceptAuto}, 0.7, "at least as much as its own next offer (0.60)"},
		{acceptance{kind: acceptTarget}, 0.7, "at least its target 0.65"},
		{acceptance{kind: acceptConst, threshold: 0.5}, 0.7, "at least its threshold 0.50"},
		{acceptance{kind: acceptTime, time: 0.9}, 0.1, "from t = 0.90 on it takes any offer"},
		{acceptance{kind: acceptCombi, time: 0.9}, 0.7, "its own next offer"},
		{acceptance{kind: acceptCombi, time: 0.9}, 0.5, "near the deadline (t = 0.95 ≥ 0.90)"},
	}
	for _, tc := range tests {
		if got := acceptReason(tc.a, tc.u, 0.6, 0.65, 0.95); !strings.Contains(got, tc.want) {
			t.Errorf("%s, u = %v: %q does not say %q", tc.a.kind, tc.u, got, tc.want)
		}
	}
}
