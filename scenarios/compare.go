package scenarios

import (
	"fmt"
	"strconv"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"github.com/parley-sim/parley/sim"
)

// Comparable reports whether b is another scenario over the same issues
// and parties as a, so that the runs of the two can be compared pair by
// pair (parley compare BASE OTHER): the same issues, by id and in order;
// the same values of each, option ids or range points in order, an option
// issue never matching a numeric one; and the same parties, by id and in
// order (party A of one is party A of the other). Labels, kinds, units,
// preferences, strategies, the protocol and the facilitator may all
// differ. It returns nil, or a *Error located in b (File is b.Source)
// whose path and message name the first difference.
func Comparable(a, b *Scenario) error {
	fail := func(path, format string, args ...any) error {
		return &Error{File: b.Source, Path: path,
			Msg: fmt.Sprintf(format, args...) + fmt.Sprintf("; a comparison needs another scenario over the issues and parties of %s, in the same order", poserr.Name(a.Source))}
	}
	ia, ib := a.Negotiation.Space.Issues(), b.Negotiation.Space.Issues()
	for i := range min(len(ia), len(ib)) {
		x, y := ia[i], ib[i]
		if x.ID != y.ID {
			return fail("issues."+strconv.Itoa(i), "issue %d is %q, not %q", i+1, y.ID, x.ID)
		}
		path := "issues." + x.ID
		if x.Numeric != y.Numeric {
			kind := map[bool]string{false: "options", true: "a numeric range"}
			return fail(path, "has %s, not %s", kind[y.Numeric], kind[x.Numeric])
		}
		noun := map[bool]string{false: "option", true: "point"}[x.Numeric]
		for j := range min(len(x.Values), len(y.Values)) {
			if vx, vy := x.Values[j], y.Values[j]; vx.ID != vy.ID || vx.Number != vy.Number {
				return fail(path, "%s %d is %s, not %s", noun, j+1, valueText(y, j), valueText(x, j))
			}
		}
		if len(x.Values) != len(y.Values) {
			return fail(path, "has %s, not %d", numtext.Count(len(y.Values), noun), len(x.Values))
		}
	}
	if len(ia) != len(ib) {
		return fail("issues", "has %s, not %d", numtext.Count(len(ib), "issue"), len(ia))
	}
	for k := range 2 {
		if x, y := a.Negotiation.Parties[k].ID, b.Negotiation.Parties[k].ID; x != y {
			return fail("parties", "party %c is %q, not %q", 'A'+k, y, x)
		}
	}
	return nil
}

// valueText writes value j of issue is for messages: an option id quoted,
// a point as a number.
func valueText(is sim.Issue, j int) string {
	if is.Numeric {
		return is.Values[j].ID
	}
	return strconv.Quote(is.Values[j].ID)
}
