package genius

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Small GENIUS files for table tests: a discrete issue a (x, y) and an
// integer issue n in [1, 3].
const (
	xmlDomain = `<negotiation_template>
<utility_space number_of_issues="0">
<objective index="0" name="dom" type="objective">
<issue index="1" name="a" type="discrete" vtype="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
<issue index="2" name="n" type="integer" vtype="integer" lowerbound="1" upperbound="3"/>
</objective>
</utility_space>
</negotiation_template>
`
	xmlProfile = `<utility_space>
<objective index="0" name="dom">
<issue index="1" name="a" type="discrete" etype="discrete"><item value="x" evaluation="2"/><item value="y" evaluation="4"/></issue>
<issue index="2" name="n" type="integer" etype="integer" lowerbound="1" upperbound="3"><evaluator ftype="linear" slope="0.5" offset="0"/></issue>
<weight index="1" value="0.25"/>
<weight index="2" value="0.75"/>
</objective>
<reservation value="0.1"/>
<discount_factor value="0.5"/>
</utility_space>
`
)

// readXML reads domain and profile (as both parties' profile) and returns
// the domain or the error, with the warnings.
func readXML(domain, profile string) (*Domain, error) {
	return ReadGenius(File{"d.xml", []byte(domain)}, File{"a.xml", []byte(profile)}, File{"b.xml", []byte(profile)}, Options{})
}

// errorTexts returns the messages of err, one per *Error.
func errorTexts(err error) []string {
	var list ErrorList
	if !errors.As(err, &list) {
		return []string{"not an ErrorList: " + fmt.Sprint(err)}
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Error())
	}
	return out
}

func warningTexts(d *Domain) []string {
	var out []string
	for _, w := range d.Warnings {
		out = append(out, w.Error())
	}
	return out
}

// containsAll reports whether every want is a substring of some line.
func containsAll(lines []string, want []string) bool {
	for _, w := range want {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, w) }) {
			return false
		}
	}
	return true
}

func TestGeniusBase(t *testing.T) {
	d, err := readXML(xmlDomain, xmlProfile)
	if err != nil {
		t.Fatal(err)
	}
	p := d.Profiles[0]
	want := [][]float64{{0.5, 1}, {0, 0.5, 1}}
	for i := range want {
		if !slices.Equal(p.Evals[i], want[i]) {
			t.Errorf("evals %d = %v, want %v", i, p.Evals[i], want[i])
		}
	}
	if !slices.Equal(p.Weights, []float64{0.25, 0.75}) || p.Reservation != 0.1 || p.Discount != 0.5 {
		t.Errorf("weights %v, reservation %v, discount %v", p.Weights, p.Reservation, p.Discount)
	}
	if d.Name != "dom" || d.Size() != 6 || d.Issues[1].Type != Integer || !slices.Equal(d.Issues[1].Values, []string{"1", "2", "3"}) {
		t.Errorf("domain %q, %d outcomes, issue %+v", d.Name, d.Size(), d.Issues[1])
	}
	if len(d.Warnings) != 0 {
		t.Errorf("warnings: %v", d.Warnings)
	}
	if u := d.Utility(0, []int{1, 2}, Native); u != 1 {
		t.Errorf("best utility %v", u)
	}
}

// TestGeniusLenient covers the irregularities GENIUS tolerates (README.md,
// "Messy files"): each case must read, with the given values and
// warnings.
func TestGeniusLenient(t *testing.T) {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	tests := []struct {
		name            string
		domain, profile string
		values          []string // values of issue a
		evals           []float64
		warnings        []string
		check           func(t *testing.T, d *Domain)
	}{
		{name: "CRLF and trailing spaces", domain: crlf(strings.ReplaceAll(xmlDomain, ">", "> ")), profile: crlf(xmlProfile),
			values: []string{"x", "y"}, evals: []float64{0.5, 1}},
		{name: "prolog, comment, doctype, BOM",
			domain:  "\ufeff<!-- first --><?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE x>\n" + xmlDomain,
			profile: "<?xml version=\"1.0\"?>" + xmlProfile, values: []string{"x", "y"}, evals: []float64{0.5, 1}},
		{name: "ASCII file declaring latin-1", domain: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + xmlDomain, profile: xmlProfile,
			values: []string{"x", "y"}},
		{name: "attributes without whitespace", domain: strings.Replace(xmlDomain, `index="1" name="a"`, `index="1"name="a"`, 1),
			profile: xmlProfile, values: []string{"x", "y"}},
		{name: "bare ampersand kept verbatim",
			domain:   strings.Replace(xmlDomain, `value="x"`, `value="A & B"`, 1),
			profile:  strings.Replace(xmlProfile, `value="x"`, `value="A & B"`, 1),
			values:   []string{"A & B", "y"},
			warnings: []string{"d.xml:4:85: '&' that starts no XML entity", "a.xml:3:75: '&'"}},
		{name: "predefined entities decoded",
			domain:  strings.Replace(xmlDomain, `value="x"`, `value="A &amp; B &#233;"`, 1),
			profile: strings.Replace(xmlProfile, `value="x"`, `value="A &amp; B &#xe9;"`, 1),
			values:  []string{"A & B é", "y"}},
		{name: "other entities kept verbatim, never expanded",
			domain: `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>` +
				strings.Replace(xmlDomain, `value="x"`, `value="&lol2;"`, 1),
			profile:  strings.Replace(xmlProfile, `value="x"`, `value="&lol2;"`, 1),
			values:   []string{"&lol2;", "y"},
			warnings: []string{"'&' that starts no XML entity"}},
		{name: "type absent means discrete", domain: strings.Replace(xmlDomain, `type="discrete" vtype="discrete"`, `vtype="integer"`, 1),
			profile: xmlProfile, values: []string{"x", "y"}, warnings: []string{`issue has vtype="integer" but no type attribute`}},
		{name: "type wins over vtype", domain: strings.Replace(xmlDomain, `type="discrete" vtype="discrete"`, `type="DISCRETE" vtype="real"`, 1),
			profile: xmlProfile, values: []string{"x", "y"}, warnings: []string{`conflicting issue types type="DISCRETE" and vtype="real"`}},
		{name: "unknown type read as discrete", domain: strings.Replace(xmlDomain, `type="discrete" vtype="discrete"`, `type="price"`, 1),
			profile: xmlProfile, values: []string{"x", "y"}, warnings: []string{`unknown issue type "price" read as discrete`}},
		{name: "items only as direct children",
			domain:  strings.Replace(xmlDomain, `<item index="2" value="y"/>`, `<item index="2" value="y"/><similarity_function><criteria_function><item value="unspecified"/></criteria_function></similarity_function>`, 1),
			profile: xmlProfile, values: []string{"x", "y"}},
		{name: "duplicate values kept", domain: strings.Replace(xmlDomain, `<item index="2" value="y"/>`, `<item index="2" value="y"/><item index="3" value="x"/>`, 1),
			profile: xmlProfile, values: []string{"x", "y", "x"}, evals: []float64{0.5, 1, 0.5},
			warnings: []string{`d.xml:4:114: issue "a": value "x" listed twice (first at line 4)`},
			check: func(t *testing.T, d *Domain) {
				if d.Size() != 9 || !slices.Equal(d.Issues[0].ValueIDs, []string{"x", "y", "x_2"}) {
					t.Errorf("%d outcomes, ids %v", d.Size(), d.Issues[0].ValueIDs)
				}
			}},
		{name: "no reservation, no discount", domain: xmlDomain,
			profile: strings.Replace(strings.Replace(xmlProfile, `<reservation value="0.1"/>`, "", 1), `<discount_factor value="0.5"/>`, "", 1),
			values:  []string{"x", "y"},
			check: func(t *testing.T, d *Domain) {
				if p := d.Profiles[0]; p.Reservation != 0 || p.Discount != 1 {
					t.Errorf("reservation %v, discount %v", p.Reservation, p.Discount)
				}
			}},
		{name: "discount outside (0, 1] or unreadable means none", domain: xmlDomain,
			profile:  strings.Replace(strings.Replace(xmlProfile, `<discount_factor value="0.5"/>`, `<discount_factor value="1.5"/>`, 1), `<reservation value="0.1"/>`, `<reservation value="zero"/>`, 1),
			values:   []string{"x", "y"},
			warnings: []string{"a.xml:9:1: discount factor 1.5 outside (0, 1]: no discount", `a.xml:8:1: reservation value "zero" is not a number: 0`},
			check: func(t *testing.T, d *Domain) {
				if p := d.Profiles[0]; p.Reservation != 0 || p.Discount != 1 {
					t.Errorf("reservation %v, discount %v", p.Reservation, p.Discount)
				}
			}},
		{name: "Java number spellings", domain: xmlDomain,
			profile: strings.Replace(strings.Replace(xmlProfile, `evaluation="2"`, `evaluation=" 2.0d "`, 1), `value="0.25"`, `value="2.5e-1"`, 1),
			values:  []string{"x", "y"}, evals: []float64{0.5, 1}},
		{name: "weights not summing to 1 are kept as written", domain: xmlDomain,
			profile: strings.Replace(xmlProfile, `value="0.75"`, `value="1.75"`, 1), values: []string{"x", "y"},
			check: func(t *testing.T, d *Domain) {
				if w := d.Profiles[0].Weights; !slices.Equal(w, []float64{0.25, 1.75}) {
					t.Errorf("weights %v", w)
				}
				if w := d.Weights(0, Parley); w[0] != 0.125 || w[1] != 0.875 {
					t.Errorf("parley weights %v", w)
				}
				if u := d.Utility(0, []int{1, 2}, Native); u != 1 {
					t.Errorf("capped utility %v", u)
				}
			}},
		{name: "indices need not start at 1 or be contiguous",
			domain:  strings.NewReplacer(`index="1" name="a"`, `index="7" name="a"`, `index="2" name="n"`, `index="3" name="n"`).Replace(xmlDomain),
			profile: strings.NewReplacer(`index="1" name="a"`, `index="7" name="a"`, `index="2" name="n"`, `index="3" name="n"`, `weight index="1"`, `weight index="7"`, `weight index="2"`, `weight index="3"`).Replace(xmlProfile),
			values:  []string{"x", "y"}, evals: []float64{0.5, 1}},
		{name: "weights before the issues", domain: xmlDomain,
			profile: strings.Replace(xmlProfile, `<objective index="0" name="dom">`, `<objective index="0" name="dom"><weight index="2" value="0.75"/>`, 1),
			values:  []string{"x", "y"}, warnings: []string{"second weight for index 2"}},
		{name: "nested objectives: their issues come first",
			domain:  strings.Replace(xmlDomain, `<issue index="2"`, `<objective index="5" name="sub"><issue index="3" name="s" type="discrete"><item value="only"/></issue></objective><issue index="2"`, 1),
			profile: strings.Replace(xmlProfile, `<weight index="1"`, `<objective index="5"><issue index="3" name="s"><item value="only" evaluation="1"/></issue><weight index="3" value="0"/></objective><weight index="1"`, 1),
			values:  nil,
			check: func(t *testing.T, d *Domain) {
				var names []string
				for _, is := range d.Issues {
					names = append(names, is.Name)
				}
				if !slices.Equal(names, []string{"s", "a", "n"}) {
					t.Errorf("issue order %v", names)
				}
			}},
		{name: "profile values beyond the domain count in the maximum", domain: xmlDomain,
			profile: strings.Replace(xmlProfile, `<item value="y" evaluation="4"/>`, `<item value="y" evaluation="4"/><item value="z" evaluation="8"/>`, 1),
			values:  []string{"x", "y"}, evals: []float64{0.25, 0.5}, warnings: []string{`value "z" is not in the domain`}},
		{name: "tiny evaluations are all 0", domain: xmlDomain,
			profile: strings.NewReplacer(`evaluation="2"`, `evaluation="0.000001"`, `evaluation="4"`, `evaluation="0.000002"`).Replace(xmlProfile),
			values:  []string{"x", "y"}, evals: []float64{0, 0}},
		{name: "integer evaluator clipped and shifted by the lower bound", domain: xmlDomain,
			profile: strings.Replace(xmlProfile, `slope="0.5" offset="0"`, `slope="0.75" offset="-0.25"`, 1),
			values:  []string{"x", "y"},
			check: func(t *testing.T, d *Domain) {
				if e := d.Profiles[0].Evals[1]; !slices.Equal(e, []float64{0, 0.5, 1}) {
					t.Errorf("integer evals %v", e)
				}
			}},
		{name: "content after the root is ignored", domain: xmlDomain + "<junk", profile: xmlProfile + "trailing text",
			values: []string{"x", "y"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := readXML(tc.domain, tc.profile)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if tc.values != nil && !slices.Equal(d.Issues[0].Values, tc.values) {
				t.Errorf("values %q, want %q", d.Issues[0].Values, tc.values)
			}
			if tc.evals != nil && !slices.Equal(d.Profiles[0].Evals[0], tc.evals) {
				t.Errorf("evals %v, want %v", d.Profiles[0].Evals[0], tc.evals)
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

// TestGeniusErrors checks that mistakes are reported with file, line and
// column, all at once, and wrap the right sentinels.
func TestGeniusErrors(t *testing.T) {
	rep := func(s string, pairs ...string) string { return strings.NewReplacer(pairs...).Replace(s) }
	deep := strings.Repeat("<objective index=\"9\">", 70) + strings.Repeat("</objective>", 70)
	var many strings.Builder
	for i := range 65 {
		fmt.Fprintf(&many, `<issue index="%d" name="i%d"><item value="v"/></issue>`, i+10, i)
	}
	tests := []struct {
		name            string
		domain, profile string
		want            []string
		is              error
	}{
		{name: "not XML", domain: "just text", profile: xmlProfile, want: []string{"d.xml: no XML element found"}},
		{name: "mismatched tags", domain: rep(xmlDomain, "</objective>", "</objectiv>"), profile: xmlProfile,
			want: []string{"d.xml:6:1: end tag </objectiv> does not match <objective> (line 3)"}},
		{name: "unclosed element", domain: strings.TrimSuffix(xmlDomain, "</negotiation_template>\n"), profile: xmlProfile,
			want: []string{"d.xml:8:1: unexpected end of file: element <negotiation_template> (line 1) is not closed"}},
		{name: "unquoted attribute", domain: rep(xmlDomain, `index="1" name="a"`, `index=1 name="a"`), profile: xmlProfile,
			want: []string{"d.xml:4:", "XML syntax error: unquoted or missing attribute value"}},
		{name: "invalid UTF-8", domain: rep(xmlDomain, `value="y"`, "value=\"\xff\""), profile: xmlProfile,
			want: []string{"d.xml:4:110: invalid UTF-8"}},
		{name: "latin-1 bytes", domain: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + rep(xmlDomain, `value="y"`, `value="é"`), profile: xmlProfile,
			want: []string{`encoding "ISO-8859-1" declared: parley reads UTF-8 files only`}},
		{name: "profile given as domain", domain: xmlProfile, profile: xmlProfile,
			want: []string{"d.xml:1:1: this is a GENIUS profile (root <utility_space>), not a domain file"}},
		{name: "domain given as profile", domain: xmlDomain, profile: xmlDomain,
			want: []string{"a.xml:1:1: this is a GENIUS domain file", "b.xml:1:1: this is a GENIUS domain file"}},
		{name: "no objective", domain: "<negotiation_template><utility_space/></negotiation_template>", profile: xmlProfile,
			want: []string{"d.xml:1:23: <utility_space> has no <objective> child"}},
		{name: "no issues", domain: `<negotiation_template><utility_space><objective index="0"/></utility_space></negotiation_template>`, profile: xmlProfile,
			want: []string{"the domain has no <issue>"}},
		{name: "bad and duplicate indices", domain: rep(xmlDomain, `index="1" name="a"`, `index="one" name="a"`, `index="2" name="n"`, `index="0" name="n"`), profile: xmlProfile,
			want: []string{`d.xml:4:1: <issue>: issue "a": attribute index="one" is not an integer`, "d.xml:5:1: issue index 0 is used twice (first at line 3)"}},
		{name: "integer bounds in a range child", domain: rep(xmlDomain, `lowerbound="1" upperbound="3"/>`, `><range lowerbound="1" upperbound="3"/></issue>`), profile: xmlProfile,
			want: []string{"missing attribute lowerbound", "not from <range>"}},
		{name: "real issue without range", domain: rep(xmlDomain, `type="integer" vtype="integer" lowerbound="1" upperbound="3"/>`, `type="real"/>`), profile: xmlProfile,
			want: []string{`d.xml:5:1: issue "n": a real issue needs a <range`}},
		{name: "discrete issue without items", domain: rep(xmlDomain, `<item index="1" value="x"/><item index="2" value="y"/>`, ""), profile: xmlProfile,
			want: []string{`d.xml:4:1: issue "a": a discrete issue needs <item> children`}},
		{name: "upper bound below lower", domain: rep(xmlDomain, `upperbound="3"`, `upperbound="0"`), profile: xmlProfile,
			want: []string{`d.xml:5:1: issue "n": upperbound 0 is below lowerbound 1`}},
		{name: "non-linear profile", domain: xmlDomain, profile: rep(xmlProfile, "<utility_space>", `<utility_space type="nonlinear">`),
			want: []string{`a.xml:1:1: profile of type "nonlinear": parley imports linear additive profiles only`}, is: ErrUnsupported},
		{name: "issue without weight", domain: xmlDomain, profile: rep(xmlProfile, `<weight index="2" value="0.75"/>`, ""),
			want: []string{`a.xml:4:1: issue "n" (index 2): no <weight> with this index`, `b.xml:4:1: issue "n" (index 2): no <weight>`}},
		{name: "value without evaluation", domain: xmlDomain, profile: rep(xmlProfile, `<item value="y" evaluation="4"/>`, `<item value="y"/>`),
			want: []string{`a.xml:3:1: issue "a" (index 1): value "y" has no evaluation: GENIUS cannot evaluate bids containing it`}},
		{name: "negative evaluation and weight", domain: xmlDomain, profile: rep(xmlProfile, `evaluation="2"`, `evaluation="-2"`, `value="0.75"`, `value="-0.75"`),
			want: []string{`a.xml:3:60: issue "a" (index 1): value "x" has a negative evaluation -2`, `a.xml:6:1: issue "n" (index 2): negative weight -0.75`}},
		{name: "all weights zero", domain: xmlDomain, profile: rep(xmlProfile, `value="0.75"`, `value="0"`, `value="0.25"`, `value="0"`),
			want: []string{"a.xml:1:1: all weights are zero"}},
		{name: "reservation outside [0, 1]", domain: xmlDomain, profile: rep(xmlProfile, `<reservation value="0.1"/>`, `<reservation value="2"/>`),
			want: []string{"a.xml:8:1: reservation value 2 outside [0, 1]"}},
		{name: "evaluator type differs from the domain", domain: xmlDomain, profile: rep(xmlProfile, `type="discrete" etype="discrete"`, `type="integer" etype="integer"`),
			want: []string{`a.xml:3:1: issue "a" (index 1): the profile evaluates it as integer, the domain declares it discrete`}},
		{name: "unknown real evaluator", domain: rep(xmlDomain, `type="integer" vtype="integer" lowerbound="1" upperbound="3"/>`, `type="real"><range lowerbound="0" upperbound="1"/></issue>`),
			profile: rep(xmlProfile, `type="integer" etype="integer" lowerbound="1" upperbound="3"><evaluator ftype="linear" slope="0.5" offset="0"/>`, `type="real"><range lowerbound="0" upperbound="1"/><evaluator ftype="faratin"/>`),
			want:    []string{`a.xml:4:77: issue "n" (index 2): evaluator ftype "faratin"`}, is: ErrUnsupported},
		{name: "too many values", domain: rep(xmlDomain, `upperbound="3"`, `upperbound="20000"`), profile: xmlProfile,
			want: []string{`d.xml:5:1: issue "n": 20000 values, limit 10000`}, is: ErrTooLarge},
		{name: "too many outcomes", domain: rep(xmlDomain, `<issue index="2"`, `<issue index="3" name="m" type="integer" lowerbound="1" upperbound="9000"/><issue index="4" name="k" type="integer" lowerbound="1" upperbound="9000"/><issue index="2"`), profile: xmlProfile,
			want: []string{"d.xml:3:1: outcome space would have 4.86e+08 outcomes, limit 16777216"}, is: ErrTooLarge},
		{name: "too many issues", domain: rep(xmlDomain, `<issue index="1"`, many.String()+`<issue index="1"`), profile: xmlProfile,
			want: []string{"67 issues, limit 64"}, is: ErrTooLarge},
		{name: "too deep", domain: rep(xmlDomain, "</objective>", deep+"</objective>"), profile: xmlProfile,
			want: []string{"elements nested more than 64 deep"}, is: ErrTooLarge},
		{name: "weights whose sum overflows", domain: xmlDomain, profile: rep(xmlProfile, `value="0.25"`, `value="1e308"`, `value="0.75"`, `value="1e308"`),
			want: []string{"a.xml:6:1: weights sum to more than the largest number (1.8e308): parley divides each weight by their sum; use smaller weights"}},
		{name: "names parley cannot hold as labels", domain: rep(xmlDomain, `name="a"`, `name="`+strings.Repeat("é", 201)+`"`, `value="y"`, `value="y&#9;z"`, `name="dom"`, `name="d&#x202e;om"`),
			profile: rep(xmlProfile, `name="a"`, `name="`+strings.Repeat("é", 201)+`"`),
			want: []string{`d.xml:3:1: domain name: expected a label on one line without control characters, found U+202E at character 2`,
				`d.xml:4:1: issue name: expected a label of at most 200 characters, found 201`,
				`d.xml:4:`, `: issue "ééé`, `...": value: expected a label on one line without control characters, found U+0009 at character 2`}},
		{name: "too large", domain: xmlDomain + "<!--" + strings.Repeat("x", MaxFileSize) + "-->", profile: xmlProfile,
			want: []string{"d.xml: file is larger than 4194304 bytes"}, is: ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readXML(tc.domain, tc.profile)
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
