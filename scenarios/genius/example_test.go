package genius_test

import (
	"fmt"
	"strings"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/scenarios/genius"
)

// A GENIUS domain with one discrete issue, and two profiles whose
// evaluations are on different scales: GENIUS divides each by the largest
// evaluation of its issue.
func ExampleReadGenius() {
	domain := `<negotiation_template><utility_space><objective index="0" name="Fruit">
<issue index="1" name="Fruit" type="discrete"><item value="Apple"/><item value="Pear"/><item value="Kiwi"/></issue>
</objective></utility_space></negotiation_template>`
	alice := `<utility_space><objective index="0">
<issue index="1" name="Fruit" type="discrete"><item value="Apple" evaluation="10"/><item value="Pear" evaluation="6"/><item value="Kiwi" evaluation="1"/></issue>
<weight index="1" value="1"/></objective><reservation value="0.2"/><discount_factor value="0.5"/></utility_space>`
	bob := `<utility_space><objective index="0">
<issue index="1" name="Fruit" type="discrete"><item value="Apple" evaluation="1"/><item value="Pear" evaluation="3"/><item value="Kiwi" evaluation="4"/></issue>
<weight index="1" value="1"/></objective></utility_space>`

	d, err := genius.ReadGenius(genius.File{Name: "fruit.xml", Data: []byte(domain)},
		genius.File{Name: "alice.xml", Data: []byte(alice)}, genius.File{Name: "bob.xml", Data: []byte(bob)}, genius.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	an, space, err := d.Analyze(genius.Native)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range an.Nash {
		fmt.Printf("Nash: %s (%.2f, %.2f)\n", space.Value(p.Outcome, 0).Label, p.U[0], p.U[1])
	}
	yaml, _, err := d.YAML(genius.Options{Deadline: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(string(yaml), "\n") {
		if strings.Contains(line, "discount:") || strings.Contains(line, `"pear":`) {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// Nash: Pear (0.60, 0.75)
	// discount: 0.9389309106617063  # GENIUS discount factor 0.5 = 0.5^(1/11) per round, GENIUS's clock for 10 rounds
	// "pear": 0.6  # Pear: evaluation 6
	// discount: 1
	// "pear": 0.75  # Pear: evaluation 3
}

// The classroom scenario used-car as a GENIUS domain: three files, and a
// discount factor on GENIUS's clock that maps back to the scenario's
// discount per round for its deadline of 10 rounds.
func ExampleExport() {
	sc, err := scenarios.Load("used-car", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ex, err := genius.Export(sc.Negotiation, genius.ExportOptions{Format: genius.GeniusXML, Source: sc.Source})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range ex.Files {
		fmt.Println(f.Name)
	}
	for p, pr := range ex.Domain.Profiles {
		fmt.Printf("%s: reservation %g, discount factor %.6f = %g per round for 10 rounds\n",
			sc.Negotiation.Parties[p].ID, pr.Reservation, pr.Discount, genius.PerRoundDiscount(pr.Discount, 10))
	}
	for _, w := range ex.Warnings {
		fmt.Println(w)
	}
	// Output:
	// used-car-domain.xml
	// a-seller.xml
	// b-buyer.xml
	// seller: reservation 0.3, discount factor 0.800731 = 0.98 per round for 10 rounds
	// buyer: reservation 0.3, discount factor 0.313811 = 0.9 per round for 10 rounds
	// builtin:used-car: GENIUS discounts reservation values like deals, by d^t, and the scenario does not (protocol.discount_reservation is off): in GENIUS the reservation values of seller and buyer fall with time
	// builtin:used-car: left out of the GENIUS XML files, which hold a domain and two profiles only: the strategies and their parameters (seller: boulware, buyer: linear); the protocol (alternating offers, 10 rounds, buyer opening); parley import DIR --deadline 10 --strategy-a boulware --strategy-b linear restores the deadline (and with it the discount per round) and the strategies' types
}
