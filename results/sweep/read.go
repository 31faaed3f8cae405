package sweep

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// MaxPoints is the largest points.csv, in points, that Read reads.
const MaxPoints = 1 << 20

// maxManifestSize is the largest manifest.json Read reads, in bytes, as
// results.MaxManifestSize.
const maxManifestSize = 64 << 20

// Data is what the analysis of a sweep reads from its folder: the points
// of points.csv, with their parameters, and the fields of the manifest
// that name and describe the sweep.
type Data struct {
	// Name is the sweep's name, from the manifest.
	Name string
	// Design is grid, random, latin_hypercube, or empty when the manifest
	// does not say.
	Design string
	// Version is the parley version that played the sweep.
	Version string
	// Seed is the master seed.
	Seed uint64
	// Params are the parameter columns of points.csv, in file order.
	Params []*Param
	// Points are the rows of points.csv, by point index.
	Points []Point
	// Metrics are the base names M of the M_mean, M_lo, M_hi columns, in
	// column order.
	Metrics []string
	// Parties are the party ids of the u_ID metrics, in column order.
	Parties []string
	// Bins is the number of groups of the first-order Sobol estimator for
	// a numeric parameter with more distinct values than that (see
	// stats.SobolFirst). Zero means ⌈√n⌉ for n points. Read leaves it zero.
	Bins int
}

// Param is one parameter column of points.csv.
type Param struct {
	// Path is the parameter's dotted path, the column's name.
	Path string
	// Numeric says that every value is a finite number.
	Numeric bool
	// Text holds the value at each point, as written.
	Text []string
	// Num holds the value at each point if Numeric, else nil.
	Num []float64
	// Levels are the distinct values, ascending if Numeric, else in order
	// of appearance.
	Levels []string
	// Level holds the index in Levels of each point's value.
	Level []int
	// Joint names the group of parameters drawn together with this one,
	// and so correlated with it: the weights of one Dirichlet draw of a
	// scenario with uncertain assumptions ("parties.ID.weights"). Empty
	// for a parameter set independently of the others, as every
	// parameter of a sweep is.
	Joint string
}

// NewParam returns the parameter named path with the value text[i] at
// point (or run) i: numeric when every value is a finite number,
// categorical otherwise, with its levels.
func NewParam(path string, text []string) *Param {
	p := &Param{Path: path, Text: text}
	p.index()
	return p
}

// NewCategorical returns the parameter named path with the value text[i]
// at point (or run) i, categorical whatever its values look like (the
// names of a choice's values may be numbers), its levels in order of
// appearance.
func NewCategorical(path string, text []string) *Param {
	p := &Param{Path: path, Text: text}
	p.indexText()
	return p
}

// Varies says whether the parameter takes more than one value.
func (p *Param) Varies() bool { return len(p.Levels) > 1 }

// Point is one row of points.csv.
type Point struct {
	// Index is the point's index in the sweep.
	Index int
	// Reps is the number of replications played at the point, and
	// Agreements the number that agreed.
	Reps, Agreements int
	// Rate is the agreement rate, with the bounds Lo and Hi of its
	// interval (NaN when empty).
	Rate, Lo, Hi float64
	// Values holds the mean and the bounds of its interval of each metric
	// of Data.Metrics; NaN when empty.
	Values [][3]float64
}

// Read reads the sweep's manifest.json and points.csv at the given paths.
// A file that breaks the contract of points.csv (see package results,
// WriteSweepAnalysis) is reported with the line of every fault, up to 20.
func Read(manifest, points string) (*Data, error) {
	d := &Data{}
	manifestParams, err := readManifest(manifest, d)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(points)
	if err != nil {
		return nil, fmt.Errorf("reading the sweep points: %w", err)
	}
	defer f.Close()
	pointsName, manifestName := filepath.Base(points), filepath.Base(manifest)
	if err := d.ReadPoints(f, pointsName); err != nil {
		return nil, err
	}
	if manifestParams != nil {
		var have []string
		for _, p := range d.Params {
			have = append(have, p.Path)
		}
		if !slices.Equal(manifestParams, have) {
			return nil, fmt.Errorf("%s lists the parameters %q but %s has the columns %q", manifestName, manifestParams, pointsName, have)
		}
	}
	return d, nil
}

// readManifest reads the fields of a sweep's manifest.json that the
// analysis needs into d, and returns the parameters it lists (nil if it
// lists none). Other fields are ignored.
func readManifest(path string, d *Data) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the sweep manifest: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxManifestSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the sweep manifest: %w", err)
	}
	if len(b) > maxManifestSize {
		return nil, fmt.Errorf("%s is larger than the limit of %d bytes", path, maxManifestSize)
	}
	var m struct {
		Version    string          `json:"version"`
		Sweep      json.RawMessage `json:"sweep"`
		Name       string          `json:"name"`
		Design     string          `json:"design"`
		Parameters []string        `json:"parameters"`
		Seed       json.RawMessage `json:"seed"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d.Version, d.Design, d.Name = m.Version, m.Design, m.Name
	if len(m.Sweep) > 0 {
		var s string
		if json.Unmarshal(m.Sweep, &s) == nil && s != "" {
			d.Name = s
		}
	}
	if len(m.Seed) > 0 && string(m.Seed) != "null" {
		s := string(m.Seed)
		if uq, err := strconv.Unquote(s); err == nil {
			s = uq
		}
		if d.Seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			return nil, fmt.Errorf("%s: seed %s is not a whole number", path, m.Seed)
		}
	}
	switch d.Design {
	case "", "grid", "random", "latin_hypercube":
	default:
		return nil, fmt.Errorf("%s: unknown design %q (want grid, random or latin_hypercube)", path, d.Design)
	}
	return m.Parameters, nil
}

// maxSweepErrors is the most errors of points.csv reported at once.
const maxSweepErrors = 20

// ReadPoints reads points.csv, named name in errors, into d, whose
// manifest fields (Design above all) may be set before. It reports every
// error of the file (up to 20), each with its line.
func (d *Data) ReadPoints(rd io.Reader, name string) error {
	r := csv.NewReader(rd)
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty file (want a header and one row per point)", name)
	}
	if err != nil {
		return fmt.Errorf("%s: reading the header: %w", name, err)
	}
	header = slices.Clone(header)
	col, params, err := sweepColumns(name, header, d)
	if err != nil {
		return err
	}
	d.Params = make([]*Param, len(params))
	for k, c := range params {
		d.Params[k] = &Param{Path: header[c], Numeric: true}
	}

	var errs []error
	fail := func(line int, format string, args ...any) {
		if len(errs) < maxSweepErrors {
			errs = append(errs, fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
		}
	}
	seen := map[int]int{} // point → line
	line := 1
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fail(line, "%v", errors.Unwrap(err))
			if !errors.Is(err, csv.ErrFieldCount) {
				break // the reader cannot resynchronise
			}
			continue
		}
		if len(d.Points) >= MaxPoints {
			return fmt.Errorf("%s: more than %d points", name, MaxPoints)
		}
		p := Point{Values: make([][3]float64, len(d.Metrics))}
		bad := false
		whole := func(c string, lo int) int {
			s := row[col[c]]
			v, err := strconv.Atoi(s)
			if err != nil || v < lo {
				fail(line, "%s: %q is not a whole number of at least %d", c, s, lo)
				bad = true
			}
			return v
		}
		number := func(c string, required bool) float64 {
			s := row[col[c]]
			if s == "" {
				if required {
					fail(line, "%s: empty", c)
					bad = true
				}
				return math.NaN()
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				fail(line, "%s: %q is not a finite number (leave undefined values empty)", c, s)
				bad = true
				return math.NaN()
			}
			return v
		}
		p.Index = whole("point", 0)
		p.Reps = whole("replications", 1)
		p.Agreements = whole("agreements", 0)
		p.Rate = number("agreement_rate", true)
		p.Lo = number("agreement_rate_lo", false)
		p.Hi = number("agreement_rate_hi", false)
		for k, m := range d.Metrics {
			for j, suffix := range []string{"_mean", "_lo", "_hi"} {
				p.Values[k][j] = number(m+suffix, false)
			}
		}
		if !bad {
			if p.Agreements > p.Reps {
				fail(line, "agreements: %d of %d replications", p.Agreements, p.Reps)
				bad = true
			} else if want := float64(p.Agreements) / float64(p.Reps); math.Abs(p.Rate-want) > 1e-9 {
				fail(line, "agreement_rate: %v, but %d of %d replications agreed", p.Rate, p.Agreements, p.Reps)
				bad = true
			}
			if first, dup := seen[p.Index]; dup {
				fail(line, "point %d already on line %d", p.Index, first)
				bad = true
			}
			seen[p.Index] = line
		}
		if bad {
			continue
		}
		for k, c := range params {
			prm := d.Params[k]
			prm.Text = append(prm.Text, row[c])
		}
		d.Points = append(d.Points, p)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if len(d.Points) == 0 {
		return fmt.Errorf("%s: no points (only a header)", name)
	}
	// Points in index order, parameters with them.
	order := make([]int, len(d.Points))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return d.Points[a].Index - d.Points[b].Index })
	pts := make([]Point, len(order))
	for i, k := range order {
		pts[i] = d.Points[k]
	}
	d.Points = pts
	for _, prm := range d.Params {
		text := make([]string, len(order))
		for i, k := range order {
			text[i] = prm.Text[k]
		}
		prm.Text = text
		prm.index()
	}
	return nil
}

// index classifies the parameter as numeric or not and finds its levels.
func (p *Param) index() {
	p.Num = make([]float64, len(p.Text))
	p.Numeric = true
	for i, s := range p.Text {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			p.Numeric = false
			p.Num = nil
			break
		}
		p.Num[i] = v
	}
	p.Levels = nil
	if p.Numeric {
		byValue := map[float64]string{}
		for i, v := range p.Num {
			if _, ok := byValue[v]; !ok {
				byValue[v] = p.Text[i]
			}
		}
		vals := make([]float64, 0, len(byValue))
		for v := range byValue {
			vals = append(vals, v)
		}
		slices.Sort(vals)
		pos := map[float64]int{}
		for k, v := range vals {
			p.Levels = append(p.Levels, byValue[v])
			pos[v] = k
		}
		p.Level = make([]int, len(p.Num))
		for i, v := range p.Num {
			p.Level[i] = pos[v]
		}
		return
	}
	p.indexText()
}

// indexText finds the levels of a categorical parameter, in order of
// appearance.
func (p *Param) indexText() {
	p.Numeric, p.Num, p.Levels = false, nil, nil
	pos := map[string]int{}
	p.Level = make([]int, len(p.Text))
	for i, s := range p.Text {
		k, ok := pos[s]
		if !ok {
			k = len(p.Levels)
			pos[s] = k
			p.Levels = append(p.Levels, s)
		}
		p.Level[i] = k
	}
}

// sweepColumns checks the header of points.csv and returns the column of
// each name and the columns of the parameters. It fills d.metrics and
// d.parties.
func sweepColumns(name string, header []string, d *Data) (map[string]int, []int, error) {
	var errs []error
	col := map[string]int{}
	for i, h := range header {
		if h == "" {
			errs = append(errs, fmt.Errorf("%s: column %d has no name", name, i+1))
			continue
		}
		if _, dup := col[h]; dup {
			errs = append(errs, fmt.Errorf("%s: column %q appears twice", name, h))
		}
		col[h] = i
	}
	if len(header) == 0 || header[0] != "point" {
		errs = append(errs, fmt.Errorf("%s: the first column must be point", name))
	}
	reps, ok := col["replications"]
	if !ok {
		errs = append(errs, fmt.Errorf("%s: no replications column", name))
	} else if reps < 2 || header[0] != "point" {
		errs = append(errs, fmt.Errorf("%s: no parameter columns between point and replications", name))
	}
	for _, c := range []string{"agreements", "agreement_rate", "agreement_rate_lo", "agreement_rate_hi"} {
		if _, ok := col[c]; !ok {
			errs = append(errs, fmt.Errorf("%s: no %s column", name, c))
		}
	}
	if !ok {
		reps = len(header)
	}
	for i := reps + 1; i < len(header); i++ {
		h := header[i]
		switch {
		case strings.HasPrefix(h, "agreement"):
		case strings.HasSuffix(h, "_mean"):
			m := strings.TrimSuffix(h, "_mean")
			for _, s := range []string{"_lo", "_hi"} {
				if _, ok := col[m+s]; !ok {
					errs = append(errs, fmt.Errorf("%s: column %s has no %s", name, h, m+s))
				}
			}
			d.Metrics = append(d.Metrics, m)
			if id, ok := strings.CutPrefix(m, "u_"); ok && id != "" {
				d.Parties = append(d.Parties, id)
			}
		case strings.HasSuffix(h, "_lo") || strings.HasSuffix(h, "_hi"):
			if _, ok := col[h[:len(h)-3]+"_mean"]; !ok {
				errs = append(errs, fmt.Errorf("%s: column %s has no %s_mean", name, h, h[:len(h)-3]))
			}
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	var params []int
	for i := 1; i < reps; i++ {
		params = append(params, i)
	}
	return col, params, nil
}

// Outcome returns the values of outcome k at every point: k = 0 is the
// agreement rate, k ≥ 1 the mean of metric k−1 (NaN where undefined).
func (d *Data) Outcome(k int) []float64 {
	out := make([]float64, len(d.Points))
	for i, p := range d.Points {
		if k == 0 {
			out[i] = p.Rate
		} else {
			out[i] = p.Values[k-1][0]
		}
	}
	return out
}

// OutcomeName returns the column name of outcome k (see Outcome).
func (d *Data) OutcomeName(k int) string {
	if k == 0 {
		return "agreement_rate"
	}
	return d.Metrics[k-1] + "_mean"
}

// MetricIndex returns the outcome index of metric m (as for Outcome), or
// −1.
func (d *Data) MetricIndex(m string) int {
	if k := slices.Index(d.Metrics, m); k >= 0 {
		return k + 1
	}
	return -1
}

// Varied returns the parameters that take more than one value.
func (d *Data) Varied() []*Param {
	var out []*Param
	for _, p := range d.Params {
		if p.Varies() {
			out = append(out, p)
		}
	}
	return out
}
