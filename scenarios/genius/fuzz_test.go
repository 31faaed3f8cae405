package genius_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/scenarios/genius"
)

// Seeds that need no corpus: a small domain and profile of each format.
const (
	seedXMLDomain = `<negotiation_template><utility_space><objective index="0" name="d">
<issue index="1" name="a" type="discrete"><item value="x"/><item value="y &amp; z"/></issue>
<issue index="2" name="n" type="integer" lowerbound="1" upperbound="3"/>
<issue index="3" name="r" type="real"><range lowerbound="0" upperbound="1"/></issue>
</objective></utility_space></negotiation_template>`
	seedXMLProfile = `<utility_space><objective index="0">
<issue index="1" name="a" type="discrete"><item value="x" evaluation="3"/><item value="y &amp; z" evaluation="1"/></issue>
<issue index="2" name="n" type="integer" lowerbound="1" upperbound="3"><evaluator ftype="linear" slope="0.5" offset="0"/></issue>
<issue index="3" name="r" type="real"><range lowerbound="0" upperbound="1"/><evaluator ftype="triangular" parameter0="0" parameter1="1" parameter2="0.5"/></issue>
<weight index="1" value="0.5"/><weight index="2" value="0.3"/><weight index="3" value="0.2"/>
</objective><reservation value="0.25"/><discount_factor value="0.9"/></utility_space>`
	seedJSONDomain  = `{"name":"d","issuesValues":{"a":{"values":["x","y"]},"n":{"range":{"low":0.5,"high":2,"step":0.5}}}}`
	seedJSONProfile = `{"LinearAdditiveUtilitySpace":{"issueUtilities":{"a":{"DiscreteValueSetUtilities":{"valueUtilities":{"x":0.2,"y":1}}},
"n":{"numberutils":{"lowValue":0.5,"lowUtility":1,"highValue":2,"highUtility":0}}},"issueWeights":{"a":0.5,"n":0.5},
"name":"p","reservationBid":{"issuevalues":{"a":"y","n":1.5}}}}`
)

// hostileXML and hostileJSON are (domain, profile) pairs that once got
// through or took too long (issue 15): each seeds its fuzz target.
var (
	hostileXML = [][2]string{
		// Names parley's scenario cannot hold as labels.
		{strings.Replace(seedXMLDomain, `name="a"`, `name="`+strings.Repeat("a", 200_000)+`"`, 1), seedXMLProfile},
		{strings.Replace(seedXMLDomain, `value="x"`, `value="x&#9;&#x85;&#x202e;"`, 1), seedXMLProfile},
		// Weights whose sum overflows: once all-zero weights after
		// normalisation.
		{seedXMLDomain, strings.NewReplacer(`value="0.5"`, `value="1e308"`, `value="0.3"`, `value="1e308"`).Replace(seedXMLProfile)},
		// Numbers of a million digits: the messages once echoed them whole.
		{seedXMLDomain, strings.Replace(seedXMLProfile, `evaluation="3"`, `evaluation="0.`+strings.Repeat("3", 1_000_000)+`"`, 1)},
		{strings.Replace(seedXMLDomain, `upperbound="3"`, `upperbound="`+strings.Repeat("3", 1_000_000)+`"`, 1), seedXMLProfile},
	}
	hostileJSON = [][2]string{
		{strings.Replace(seedJSONDomain, `"x"`, `"x\u001b[2J"`, 1), seedJSONProfile},
		{seedJSONDomain, strings.Replace(seedJSONProfile, `"name":"p"`, `"name":"`+strings.Repeat("p", 200_000)+`"`, 1)},
		{seedJSONDomain, strings.Replace(seedJSONProfile, `{"a":0.5,"n":0.5}`, `{"a":1e308,"n":1e400}`, 1)},
		// Numbers of a million digits took quadratic time in exact
		// arithmetic; 1e999999999 would need memory without bound.
		{strings.Replace(seedJSONDomain, `"low":0.5`, `"low":0.`+strings.Repeat("5", 1_000_000), 1), seedJSONProfile},
		{strings.Replace(seedJSONDomain, `"step":0.5`, `"step":5e-999999999`, 1), seedJSONProfile},
	}
)

// corpusPairs returns (domain, profile) file contents of every corpus
// domain of the given format ("genius" or "geniusweb").
func corpusPairs(f *testing.F, format string) [][2][]byte {
	root := genius.CorpusDir(f)
	var out [][2][]byte
	for _, dir := range genius.CorpusDomains(f) {
		if !strings.HasPrefix(dir, format+"/") {
			continue
		}
		im, err := genius.Import([]string{filepath.Join(root, filepath.FromSlash(dir))}, genius.Options{})
		if err != nil {
			f.Fatalf("seed %s: %v", dir, err)
		}
		if im.Domain.Size() > maxFuzzOutcomes {
			continue // each run would take a tenth of a second
		}
		var data [3][]byte
		for i, name := range im.Domain.Files {
			if data[i], err = os.ReadFile(name); err != nil {
				f.Fatal(err)
			}
		}
		out = append(out, [2][]byte{data[0], data[1]}, [2][]byte{data[0], data[2]})
	}
	return out
}

// maxFuzzOutcomes bounds the outcome spaces the fuzz targets round-trip
// through package scenarios (which builds both utility tables), so that
// the fuzzer is not slowed to a crawl by mutants of large domains. Larger
// spaces are still read and converted.
const maxFuzzOutcomes = 20_000

// checkError checks that err is a non-empty ErrorList of well-formed
// positioned errors about the given files.
func checkError(t *testing.T, err error, files ...string) {
	t.Helper()
	var list genius.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error is not a non-empty ErrorList: %#v", err)
	}
	for _, e := range list {
		switch {
		case e.Msg == "":
			t.Errorf("empty message: %#v", e)
		case e.File != "" && !strings.Contains(strings.Join(files, " "), e.File):
			t.Errorf("file %q", e.File)
		case e.Line < 0 || e.Col < 0 || (e.Col > 0 && e.Line == 0):
			t.Errorf("bad position: %#v", e)
		}
	}
	_ = err.Error()
}

// FuzzGeniusXML reads fuzzed GENIUS domain and profile files (the profile
// serves both parties): no input may panic, hang or exhaust memory; every
// error is a positioned ErrorList; every accepted domain converts to a
// scenario that package scenarios reads back with identical utilities.
func FuzzGeniusXML(f *testing.F) {
	f.Add([]byte(seedXMLDomain), []byte(seedXMLProfile))
	f.Add([]byte(seedXMLDomain), []byte(strings.ReplaceAll(seedXMLProfile, "&amp;", "&")))
	f.Add([]byte("<negotiation_template/>"), []byte("<utility_space/>"))
	for _, p := range hostileXML {
		f.Add([]byte(p[0]), []byte(p[1]))
	}
	for _, p := range corpusPairs(f, "genius") {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, domain, profile []byte) {
		d, err := genius.ReadGenius(genius.File{Name: "d.xml", Data: domain}, genius.File{Name: "p.xml", Data: profile},
			genius.File{Name: "q.xml", Data: profile}, genius.Options{RealSteps: 5})
		if err != nil {
			checkError(t, err, "d.xml", "p.xml", "q.xml")
			return
		}
		yaml, _, err := d.YAML(genius.Options{})
		if err != nil {
			if errors.Is(err, genius.ErrTooLarge) {
				return
			}
			t.Fatalf("YAML: %v", err)
		}
		if d.Size() <= maxFuzzOutcomes {
			checkRoundTrip(t, d, yaml, genius.Options{})
		}
	})
}

// FuzzGeniusWebJSON is FuzzGeniusXML for GeniusWeb JSON files.
func FuzzGeniusWebJSON(f *testing.F) {
	f.Add([]byte(seedJSONDomain), []byte(seedJSONProfile))
	f.Add([]byte(`{"issuesValues":{}}`), []byte(`{"LinearAdditiveUtilitySpace":{}}`))
	for _, p := range hostileJSON {
		f.Add([]byte(p[0]), []byte(p[1]))
	}
	for _, p := range corpusPairs(f, "geniusweb") {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, domain, profile []byte) {
		d, err := genius.ReadGeniusWeb(genius.File{Name: "d.json", Data: domain}, genius.File{Name: "p.json", Data: profile},
			genius.File{Name: "q.json", Data: profile}, genius.Options{})
		if err != nil {
			checkError(t, err, "d.json", "p.json", "q.json")
			return
		}
		yaml, _, err := d.YAML(genius.Options{})
		if err != nil {
			if errors.Is(err, genius.ErrTooLarge) {
				return
			}
			t.Fatalf("YAML: %v", err)
		}
		if d.Size() <= maxFuzzOutcomes {
			checkRoundTrip(t, d, yaml, genius.Options{})
		}
	})
}

// TestAwkwardNames checks that values and issue names that YAML would
// misread unquoted, or that need escapes, survive the conversion exactly,
// and that ids stay distinct. (Names with control characters are refused
// at import: TestGeniusErrors.)
func TestAwkwardNames(t *testing.T) {
	names := []string{"yes", "no", "null", "~", "1e3", "0x10", "1_000", "-1", "true", "", "\"quoted\"", "a#b", "- dash",
		": colon", "ünïcödé", "日本", "$3.47", "19'' LCD", "Dell", "dell", "1.0", "1_0", "bom\ufeff", "'single'", "back\\slash"}
	var dom, prof strings.Builder
	attr := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "\"", "&quot;", "<", "&lt;", "\n", "&#10;", "\t", "&#9;").Replace(s)
	}
	dom.WriteString(`<negotiation_template><utility_space><objective index="0" name="awkward: &quot;domain&quot;">`)
	prof.WriteString(`<utility_space><objective index="0">`)
	for k, issue := range []string{"yes", "Issue #1", ""} {
		dom.WriteString(`<issue index="` + string(rune('1'+k)) + `" name="` + attr(issue) + `" type="discrete">`)
		prof.WriteString(`<issue index="` + string(rune('1'+k)) + `" name="` + attr(issue) + `" type="discrete">`)
		for j, v := range names {
			dom.WriteString(`<item value="` + attr(v) + `"/>`)
			prof.WriteString(`<item value="` + attr(v) + `" evaluation="` + string(rune('0'+j%10)) + `"/>`)
		}
		dom.WriteString(`</issue>`)
		prof.WriteString(`</issue><weight index="` + string(rune('1'+k)) + `" value="0.3"/>`)
	}
	dom.WriteString(`</objective></utility_space></negotiation_template>`)
	prof.WriteString(`</objective></utility_space>`)
	d, err := genius.ReadGenius(genius.File{Name: "d.xml", Data: []byte(dom.String())},
		genius.File{Name: "random.xml", Data: []byte(prof.String())}, genius.File{Name: "random.xml", Data: []byte(prof.String())}, genius.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, is := range d.Issues {
		if len(is.Values) != len(names) {
			t.Fatalf("issue %d: %d values", i, len(is.Values))
		}
		for j, v := range is.Values {
			if v != names[j] {
				t.Errorf("value %d = %q, want %q", j, v, names[j])
			}
		}
	}
	yaml, warns, err := d.YAML(genius.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 2 { // the weights sum to 0.9: one warning per party
		t.Errorf("warnings: %v", warns)
	}
	if os.Getenv("SHOWYAML") != "" {
		t.Log(string(yaml))
	}
	checkRoundTrip(t, d, yaml, genius.Options{})
}
