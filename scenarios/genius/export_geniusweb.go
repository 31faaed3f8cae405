package genius

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
)

// This file writes a Domain as GeniusWeb JSON: a domain file (name,
// issuesValues) and one LinearAdditiveUtilitySpace profile per party, in
// the key style of GeniusWeb's current releases (the class names
// DiscreteValueSetUtilities and NumberValueSetUtilities, as GeniusWebPython
// and the ANL competitions write them). Members are written in the
// domain's issue order, which GeniusWeb ignores and this package's reader
// keeps.

// jw builds a JSON text.
type jw struct{ b strings.Builder }

// str writes s as a JSON string, without escaping <, > and & (which JSON
// does not require).
func jstr(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

func (w *jw) line(indent int, s string) {
	w.b.WriteString(strings.Repeat("  ", indent))
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

// members writes the lines of an object's members, with commas between
// them, at the given indent.
func (w *jw) members(indent int, lines []string) {
	for k, l := range lines {
		if k < len(lines)-1 {
			l += ","
		}
		w.line(indent, l)
	}
}

// webName returns a GeniusWeb name (of a domain or a profile): letters and
// digits only, as GeniusWeb requires.
func webName(s, fallback string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

// webValueSets returns the members of issuesValues, one line per issue.
func (d *Domain) webValueSets() []string {
	out := make([]string, len(d.Issues))
	for i, is := range d.Issues {
		if is.Type == Number {
			out[i] = fmt.Sprintf(`%s: {"range": {"low": %s, "high": %s, "step": %s}}`, jstr(is.Name),
				numtext.Decimal(is.Min), numtext.Decimal(is.Max), numtext.Decimal(is.Step))
			continue
		}
		vals := make([]string, len(is.Values))
		for j, v := range is.Values {
			vals[j] = jstr(v)
		}
		out[i] = fmt.Sprintf(`%s: {"values": [%s]}`, jstr(is.Name), strings.Join(vals, ", "))
	}
	return out
}

// writeWebDomain writes the domain object {"name", "issuesValues"} at the
// given indent, its opening brace already written by the caller.
func (d *Domain) writeWebDomain(w *jw, indent int) {
	w.line(indent, `"name": `+jstr(webName(d.Name, "domain"))+",")
	w.line(indent, `"issuesValues": {`)
	w.members(indent+1, d.webValueSets())
	w.line(indent, "}")
}

// encodeGeniusWeb writes d as GeniusWeb JSON files named d.Files (base
// names). Discrete and number issues only (Export never makes others for
// GeniusWeb); a profile's weights are written so that they sum to exactly
// 1 in decimal arithmetic, as GeniusWeb requires (webWeights).
func (d *Domain) encodeGeniusWeb() ([3]File, error) {
	var files [3]File
	for _, is := range d.Issues {
		if is.Type != Discrete && is.Type != Number {
			return files, fmt.Errorf("genius: issue %q: a %s issue is not written to GeniusWeb JSON", is.Name, is.Type)
		}
	}
	w := &jw{}
	w.line(0, "{")
	d.writeWebDomain(w, 1)
	w.line(0, "}")
	files[0] = File{Name: d.Files[0], Data: []byte(w.b.String())}
	for p := range 2 {
		data, err := d.webProfile(p)
		if err != nil {
			return files, err
		}
		files[p+1] = File{Name: d.Files[p+1], Data: data}
	}
	return files, nil
}

// webProfile writes party p's LinearAdditiveUtilitySpace.
func (d *Domain) webProfile(p int) ([]byte, error) {
	pr := &d.Profiles[p]
	weights, _ := webWeights(pr.Weights)
	w := &jw{}
	w.line(0, `{"LinearAdditiveUtilitySpace": {`)
	w.line(1, `"issueUtilities": {`)
	utils := make([]string, len(d.Issues))
	for i, is := range d.Issues {
		ev := pr.Evals[i]
		if is.Type == Number {
			utils[i] = fmt.Sprintf(`%s: {"NumberValueSetUtilities": {"lowValue": %s, "lowUtility": %s, "highValue": %s, "highUtility": %s}}`,
				jstr(is.Name), numtext.Decimal(is.Min), numtext.Decimal(ev[0]), numtext.Decimal(is.Max), numtext.Decimal(ev[len(ev)-1]))
			continue
		}
		vu := make([]string, len(is.Values))
		for j, v := range is.Values {
			vu[j] = jstr(v) + ": " + numtext.Decimal(ev[j])
		}
		utils[i] = fmt.Sprintf(`%s: {"DiscreteValueSetUtilities": {"valueUtilities": {%s}}}`, jstr(is.Name), strings.Join(vu, ", "))
	}
	w.members(2, utils)
	w.line(1, "},")
	iw := make([]string, len(d.Issues))
	for i, is := range d.Issues {
		iw[i] = jstr(is.Name) + ": " + weights[i]
	}
	w.line(1, `"issueWeights": {`+strings.Join(iw, ", ")+"},")
	w.line(1, `"domain": {`)
	d.writeWebDomain(w, 2)
	w.line(1, "},")
	if bid := pr.ReservationBid; bid != nil {
		var vals []string
		for i, j := range bid {
			if j < 0 {
				continue
			}
			is := d.Issues[i]
			v := jstr(is.Values[j])
			if is.Type == Number {
				v = numtext.Decimal(is.Numbers[j])
			}
			vals = append(vals, jstr(is.Name)+": "+v)
		}
		w.line(1, `"reservationBid": {"issuevalues": {`+strings.Join(vals, ", ")+"}},")
	}
	w.line(1, `"name": `+jstr(pr.Name))
	w.line(0, "}}")
	return []byte(w.b.String()), nil
}

// webWeights returns decimal texts of the weights w that read back as
// exactly the same float64s and sum to exactly 1 in decimal arithmetic,
// which GeniusWeb checks (its weights are decimals). Shortest texts
// rarely sum to 1 (1/6, 1/3 and 1/2 give 0.99999999999999996), but every
// float64 is the rounding of an interval of decimals: the difference is
// spread over the weights, largest first, each moved within its interval.
// ok is false when the weights' sum is too far from 1 for that (weights
// summing to 1 ± 1e-10, which parley's scenario reader keeps as written):
// then the largest weight takes up the difference and no longer reads back
// as the same number.
func webWeights(w []float64) (texts []string, ok bool) {
	texts = make([]string, len(w))
	dec := make([]*big.Rat, len(w))
	rest := big.NewRat(1, 1)
	for i, x := range w {
		texts[i] = numtext.Decimal(x)
		dec[i], _ = new(big.Rat).SetString(texts[i])
		rest.Sub(rest, dec[i])
	}
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return -cmpFloat(w[a], w[b]) })
	for _, i := range order {
		if rest.Sign() == 0 {
			break
		}
		if !(w[i] >= 1e-6 && w[i] <= 1) {
			continue // a tiny weight has no room to take up anything
		}
		// Decimals in the open interval (lo, hi) round to w[i].
		x := new(big.Rat).SetFloat64(w[i])
		lo := new(big.Rat).SetFloat64(math.Nextafter(w[i], 0))
		lo.Add(lo, x).Quo(lo, big.NewRat(2, 1))
		hi := new(big.Rat).SetFloat64(math.Nextafter(w[i], math.Inf(1)))
		hi.Add(hi, x).Quo(hi, big.NewRat(2, 1))
		target := new(big.Rat).Add(dec[i], rest)
		switch {
		case target.Cmp(hi) >= 0:
			target = inside(hi, dec[i])
		case target.Cmp(lo) <= 0:
			target = inside(lo, dec[i])
		}
		rest.Sub(rest, new(big.Rat).Sub(target, dec[i]))
		dec[i] = target
		texts[i] = ratDecimal(target)
	}
	if ok = rest.Sign() == 0; !ok {
		// Too far from 1: the largest weight takes what is left.
		i := order[0]
		dec[i].Add(dec[i], rest)
		texts[i] = ratDecimal(dec[i])
	}
	return texts, ok
}

// inside returns a decimal strictly between from and bound, near bound:
// bound − (bound − from)/2⁴⁰, cut to 40 decimals towards from. from is a
// decimal inside the interval that bound closes.
func inside(bound, from *big.Rat) *big.Rat {
	gap := new(big.Rat).Sub(bound, from)
	t := new(big.Rat).Sub(bound, new(big.Rat).Quo(gap, new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), 40))))
	// Cut towards from: t − from truncated to 40 decimals, added to from.
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(40), nil)
	d := new(big.Rat).Sub(t, from)
	d.Mul(d, new(big.Rat).SetInt(scale))
	q := new(big.Int).Quo(d.Num(), d.Denom()) // truncates towards zero
	return new(big.Rat).Add(from, new(big.Rat).SetFrac(q, scale))
}

// ratDecimal writes a rational whose denominator divides a power of ten
// as an exact decimal, without trailing zeros.
func ratDecimal(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := strings.TrimRight(r.FloatString(80), "0")
	return strings.TrimSuffix(s, ".")
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
