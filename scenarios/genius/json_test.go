package genius

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// Small GeniusWeb files: a discrete issue a (x, y) and a number issue n
// with points 0, 1, 2, 3.
const (
	jsonDomain = `{"name": "dom", "issuesValues": {
  "a": {"values": ["x", "y"]},
  "n": {"range": {"low": 0, "high": 3, "step": 1}}
}}
`
	jsonEmbedded = `"domain": {"name": "dom", "issuesValues": {"n": {"range": {"low": 0, "high": 3, "step": 1}}, "a": {"values": ["y", "x"]}}}`
	jsonProfile  = `{"LinearAdditiveUtilitySpace": {
  "issueUtilities": {
    "a": {"DiscreteValueSetUtilities": {"valueUtilities": {"x": 0.25, "y": 1.0}}},
    "n": {"NumberValueSetUtilities": {"lowValue": 0, "lowUtility": 0, "highValue": 3, "highUtility": 1}}
  },
  "issueWeights": {"a": 0.4, "n": 0.6},
  ` + jsonEmbedded + `,
  "name": "prof",
  "reservationBid": {"issuevalues": {"a": "x", "n": 2}}
}}
`
	// jsonOldKeys is jsonProfile in the old key style.
	jsonOldKeys = `{"LinearAdditiveUtilitySpace": {
  "issueUtilities": {
    "a": {"discreteutils": {"valueUtilities": {"x": 0.25, "y": 1.0}}},
    "n": {"numberutils": {"lowValue": 0, "lowUtility": 0, "highValue": 3, "highUtility": 1}}
  },
  "issueWeights": {"a": 0.4, "n": 0.6},
  ` + jsonEmbedded + `,
  "name": "prof",
  "reservationBid": {"issuevalues": {"a": "x", "n": 2}}
}}
`
)

func readJSON(domain, profile string) (*Domain, error) {
	return ReadGeniusWeb(File{"d.json", []byte(domain)}, File{"a.json", []byte(profile)}, File{"b.json", []byte(profile)}, Options{})
}

func TestGeniusWebBase(t *testing.T) {
	for _, profile := range []string{jsonProfile, jsonOldKeys} {
		d, err := readJSON(jsonDomain, profile)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Warnings) != 0 {
			t.Errorf("warnings %v", d.Warnings)
		}
		p := d.Profiles[0]
		if d.Name != "dom" || p.Name != "prof" || d.Size() != 8 {
			t.Errorf("domain %q, profile %q, %d outcomes", d.Name, p.Name, d.Size())
		}
		if !slices.Equal(p.Evals[0], []float64{0.25, 1}) {
			t.Errorf("discrete utilities %v", p.Evals[0])
		}
		// 1/3 and 2/3 rounded half up to 8 decimals, as GeniusWeb does.
		if !slices.Equal(p.Evals[1], []float64{0, 0.33333333, 0.66666667, 1}) {
			t.Errorf("number utilities %v", p.Evals[1])
		}
		if !slices.Equal(d.Issues[1].Numbers, []float64{0, 1, 2, 3}) || d.Issues[1].Type != Number {
			t.Errorf("number issue %+v", d.Issues[1])
		}
		if !slices.Equal(p.ReservationBid, []int{0, 2}) {
			t.Errorf("reservation bid %v", p.ReservationBid)
		}
		if want := snap(0.4*0.25 + 0.6*0.66666667); p.Reservation != want {
			t.Errorf("reservation %v, want %v", p.Reservation, want)
		}
	}
}

func TestGeniusWebLenient(t *testing.T) {
	rep := func(s string, pairs ...string) string { return strings.NewReplacer(pairs...).Replace(s) }
	tests := []struct {
		name            string
		domain, profile string
		warnings        []string
		check           func(t *testing.T, d *Domain)
	}{
		{name: "byte-order mark, CRLF, tabs", domain: "\ufeff" + strings.ReplaceAll(jsonDomain, "\n", "\r\n\t"), profile: jsonProfile},
		{name: "repeated key: the last counts", domain: jsonDomain,
			profile:  rep(jsonProfile, `"issueWeights": {"a": 0.4, "n": 0.6}`, `"issueWeights": {"a": 0.9, "n": 0.6, "a": 0.4}`),
			warnings: []string{`a.json:6:40: key "a" repeated (first at line 6): the last value counts`},
			check: func(t *testing.T, d *Domain) {
				if w := d.Profiles[0].Weights; w[0] != 0.4 {
					t.Errorf("weights %v", w)
				}
			}},
		{name: "weights not summing exactly to 1", domain: jsonDomain,
			profile:  rep(jsonProfile, `"n": 0.6}`, `"n": 0.6000000001}`),
			warnings: []string{"a.json:6:19: issueWeights sum to 1.0000000001, not exactly 1: GeniusWeb refuses such a profile"}},
		{name: "no reservation bid", domain: jsonDomain,
			profile: rep(jsonProfile, `"reservationBid": {"issuevalues": {"a": "x", "n": 2}}`, `"reservationBid": null`),
			check: func(t *testing.T, d *Domain) {
				if p := d.Profiles[0]; p.ReservationBid != nil || p.Reservation != 0 {
					t.Errorf("reservation %v %v", p.ReservationBid, p.Reservation)
				}
			}},
		{name: "partial reservation bid", domain: jsonDomain,
			profile:  rep(jsonProfile, `{"a": "x", "n": 2}`, `{"a": "y"}`),
			warnings: []string{"partial reservation bid"},
			check: func(t *testing.T, d *Domain) {
				if p := d.Profiles[0]; p.Reservation != 0.4 {
					t.Errorf("reservation %v", p.Reservation)
				}
			}},
		{name: "NegMAS keys ignored", domain: jsonDomain,
			profile:  rep(jsonProfile, `"name": "prof",`, `"name": "prof", "discount_factor": 0.9, "reserved_value": 0.3,`),
			warnings: []string{`"discount_factor" is a NegMAS extension`, `"reserved_value" is a NegMAS extension`}},
		{name: "numeric-looking values stay strings", domain: rep(jsonDomain, `["x", "y"]`, `["1.0", "1"]`),
			profile: rep(jsonProfile, `{"x": 0.25, "y": 1.0}`, `{"1.0": 0.25, "1": 1.0}`, `"a": "x"`, `"a": "1.0"`, `["y", "x"]`, `["1", "1.0"]`),
			check: func(t *testing.T, d *Domain) {
				if v := d.Issues[0].Values; !slices.Equal(v, []string{"1.0", "1"}) || !slices.Equal(d.Issues[0].ValueIDs, []string{"1_0", "1"}) {
					t.Errorf("values %q, ids %q", v, d.Issues[0].ValueIDs)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := readJSON(tc.domain, tc.profile)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if w := warningTexts(d); !containsAll(w, tc.warnings) || len(tc.warnings) == 0 && len(w) > 0 {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(w, "\n"), strings.Join(tc.warnings, "\n"))
			}
			if tc.check != nil {
				tc.check(t, d)
			}
		})
	}
}

func TestGeniusWebErrors(t *testing.T) {
	rep := func(s string, pairs ...string) string { return strings.NewReplacer(pairs...).Replace(s) }
	tests := []struct {
		name            string
		domain, profile string
		want            []string
		is              error
	}{
		{name: "syntax error", domain: rep(jsonDomain, `"y"]`, `"y",]`), profile: jsonProfile,
			want: []string{"d.json:2:29: JSON syntax error: invalid character ']' looking for beginning of value"}},
		{name: "truncated", domain: jsonDomain[:40], profile: jsonProfile, want: []string{"d.json:2:7: unexpected end of file"}},
		{name: "extra data", domain: jsonDomain + "{}", profile: jsonProfile, want: []string{"d.json:5:1: extra data after the JSON value"}},
		{name: "invalid UTF-8", domain: rep(jsonDomain, `"x"`, "\"\xc3\""), profile: jsonProfile, want: []string{"d.json:2:21: invalid UTF-8"}},
		{name: "profile given as domain", domain: jsonProfile, profile: jsonProfile,
			want: []string{"d.json:1:1: this is a GeniusWeb profile (LinearAdditiveUtilitySpace), not a domain"}},
		{name: "domain given as profile", domain: jsonDomain, profile: jsonDomain,
			want: []string{"a.json:1:1: this is a GeniusWeb domain (issuesValues), not a profile"}},
		{name: "other profile class", domain: jsonDomain, profile: `{"SumOfGroupsUtilitySpace": {}}`,
			want: []string{`a.json:1:2: profile class "SumOfGroupsUtilitySpace": parley imports LinearAdditiveUtilitySpace profiles only`}, is: ErrUnsupported},
		{name: "values that are not strings", domain: rep(jsonDomain, `"y"]`, `2]`), profile: jsonProfile,
			want: []string{`d.json:2:25: issue "a": expected a value as a string, found the number 2`}},
		{name: "bad range", domain: rep(jsonDomain, `"step": 1`, `"step": 0`), profile: jsonProfile,
			want: []string{`d.json:3:18: issue "n": range step 0 is not positive`}},
		{name: "range too fine", domain: rep(jsonDomain, `"step": 1`, `"step": 0.0001`), profile: jsonProfile,
			want: []string{`issue "n": range has more than 10000 points`}, is: ErrTooLarge},
		{name: "missing and extra value utilities", domain: jsonDomain, profile: rep(jsonProfile, `{"x": 0.25, "y": 1.0}`, `{"x": 0.25, "z": 1.0}`),
			want: []string{`a.json:3:71: issueUtilities: issue "a": "z" is not a value of the issue`, `a.json:3:59: issueUtilities: issue "a": no utility for value "y"`}},
		{name: "utility above 1", domain: jsonDomain, profile: rep(jsonProfile, `"y": 1.0`, `"y": 1.5`),
			want: []string{`a.json:3:76: issueUtilities: issue "a": value "y": expected a utility in [0, 1], found the number 1.5`}},
		{name: "missing issue", domain: jsonDomain, profile: rep(jsonProfile, `"a": {"DiscreteValueSetUtilities": {"valueUtilities": {"x": 0.25, "y": 1.0}}},`, ""),
			want: []string{`issueUtilities: no utilities for issue "a"`}},
		{name: "unknown value-set class", domain: jsonDomain, profile: rep(jsonProfile, `"DiscreteValueSetUtilities"`, `"FancyUtilities"`),
			want: []string{`a.json:3:11: issueUtilities: issue "a": value-set utilities "FancyUtilities"`}, is: ErrUnsupported},
		{name: "number utilities on another range", domain: jsonDomain, profile: rep(jsonProfile, `"highValue": 3`, `"highValue": 4`),
			want: []string{`issueUtilities: issue "n": utilities given from 0 to 4, but the issue's values run from 0 to 3`}},
		{name: "negative weight and unknown issue", domain: jsonDomain, profile: rep(jsonProfile, `{"a": 0.4, "n": 0.6}`, `{"a": -0.4, "n": 0.6, "q": 0.8}`),
			want: []string{`a.json:6:25: issueWeights: issue "a": expected a weight >= 0, found the number -0.4`, `a.json:6:41: issueWeights: "q" is not an issue of the domain`}},
		{name: "reservation bid with an unknown value", domain: jsonDomain, profile: rep(jsonProfile, `"a": "x", "n": 2`, `"a": "w", "n": 2.5`),
			want: []string{`reservationBid: issue "a": the string "w" is not one of its values`, `reservationBid: issue "n": the number 2.5 is not one of its values`}},
		{name: "embedded domain differs", domain: jsonDomain, profile: rep(jsonProfile, `"values": ["y", "x"]`, `"values": ["y", "z"]`),
			want: []string{`the embedded domain differs from the domain file: issue "a" has other values`}},
		{name: "weights whose sum overflows", domain: jsonDomain, profile: rep(jsonProfile, `{"a": 0.4, "n": 0.6}`, `{"a": 1e308, "n": 1e308}`),
			want: []string{"a.json:6:37: issueWeights: weights sum to more than the largest number (1.8e308): parley divides each weight by their sum; use smaller weights"}},
		{name: "weight beyond the largest number", domain: jsonDomain, profile: rep(jsonProfile, `{"a": 0.4, "n": 0.6}`, `{"a": 1e400, "n": 0.6}`),
			want: []string{`a.json:6:25: issueWeights: issue "a": expected a weight >= 0 and at most 1.8e308, found the number 1e400`}},
		{name: "names parley cannot hold as labels", domain: rep(jsonDomain, `"name": "dom"`, `"name": "`+strings.Repeat("d", 201)+`"`, `"a": {`, `"a\u0007": {`, `"y"]`, `"y\n"]`),
			profile: rep(jsonProfile, `"name": "prof"`, `"name": "\u2028prof"`),
			want: []string{`d.json:1:10: domain name: expected a label of at most 200 characters, found 201`,
				`d.json:2:3: issue name: expected a label on one line without control characters, found U+0007 at character 2`,
				`d.json:2:31: issue "a\a": value: expected a label on one line without control characters, found U+000A at character 2`}},
		{name: "profile name parley cannot hold as a label", domain: jsonDomain, profile: rep(jsonProfile, `"name": "prof"`, `"name": "\u2028prof"`),
			want: []string{`a.json:8:11: profile name: expected a label on one line without control characters, found U+2028 at character 1`}},
		{name: "too deep", domain: strings.Repeat("[", 100) + strings.Repeat("]", 100), profile: jsonProfile,
			want: []string{"values nested more than 64 deep"}, is: ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readJSON(tc.domain, tc.profile)
			if err == nil {
				t.Fatal("no error")
			}
			if got := errorTexts(err); !containsAll(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error does not wrap %v: %v", tc.is, err)
			}
		})
	}
}
