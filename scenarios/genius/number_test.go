package genius

import (
	"strings"
	"testing"
	"time"
)

// TestLongNumbers checks that numbers of thousands of digits, or with
// huge exponents, are refused at once with the limit in the message and
// only a short prefix of the literal, in both formats: big.Rat would take
// quadratic time (or memory without bound for 1e999999999) on them, and
// the message used to echo the whole literal.
func TestLongNumbers(t *testing.T) {
	digits := "0." + strings.Repeat("1", 1_000_000)
	rep := func(s string, pairs ...string) string { return strings.NewReplacer(pairs...).Replace(s) }
	tests := []struct {
		name string
		read func() error
		want string
	}{
		{"GeniusWeb range", func() error {
			_, err := readJSON(rep(jsonDomain, `"low": 0`, `"low": `+digits), jsonProfile)
			return err
		}, `d.json:3:26: a number of 1000002 characters, more than the limit of 100: 0.11111111111111111111111111111111111111...`},
		{"GeniusWeb exponent", func() error {
			_, err := readJSON(rep(jsonDomain, `"step": 1`, `"step": 1e999999999`), jsonProfile)
			return err
		}, `d.json:3:48: a number with an exponent beyond ±1000: 1e999999999`},
		{"GeniusWeb utility", func() error {
			_, err := readJSON(jsonDomain, rep(jsonProfile, `"x": 0.25`, `"x": `+digits))
			return err
		}, `a.json:3:65: a number of 1000002 characters, more than the limit of 100: 0.11111111111111111111111111111111111111...`},
		{"GENIUS weight", func() error {
			_, err := readXML(xmlDomain, rep(xmlProfile, `value="0.25"`, `value="`+digits+`"`))
			return err
		}, `a.xml:5:1: <weight>: weight: attribute value="0.11111111111111111111111111111111111111..." is a number of 1000002 characters, more than the limit of 100`},
		{"GENIUS evaluation", func() error {
			_, err := readXML(xmlDomain, rep(xmlProfile, `evaluation="2"`, `evaluation="`+digits+`"`))
			return err
		}, `a.xml:3:60: issue "a" (index 1): value "x": evaluation "0.11111111111111111111111111111111111111..." is a number of 1000002 characters, more than the limit of 100`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			err := tc.read()
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if len(err.Error()) > 2000 {
				t.Errorf("message of %d bytes", len(err.Error()))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n%.500s\nwant %q", err, tc.want)
			}
		})
	}
}
