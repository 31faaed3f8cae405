package sweep

import (
	"math"
	"strconv"
	"testing"
)

// gridData returns a grid of x in {−2, −1, 0, 1, 2} and a categorical z
// in {p, q}, with the agreement rate y(x) at every point and the metric
// "m" equal to w(z).
func gridData(t *testing.T, y func(x float64) float64, w func(z string) float64) *Data {
	t.Helper()
	d := &Data{Design: "grid", Metrics: []string{"m"}}
	x := &Param{Path: "x"}
	z := &Param{Path: "z"}
	for i := range 10 {
		xv, zv := float64(i%5-2), []string{"p", "q"}[i/5]
		x.Text = append(x.Text, strconv.Itoa(int(xv)))
		z.Text = append(z.Text, zv)
		d.Points = append(d.Points, Point{Index: i, Reps: 100, Rate: y(xv), Lo: math.NaN(), Hi: math.NaN(), Values: [][3]float64{{w(zv), math.NaN(), math.NaN()}}})
	}
	x.index()
	z.index()
	d.Params = []*Param{x, z}
	return d
}

// TestAnalyseOracles checks the analysis against what the model says:
// a rate linear in x has an SRC of 1 for x and 0 for z, and all of its
// variance between the values of x; a rate quadratic in x, symmetric about
// 0, has an SRC of 0 but a Sobol index of 1 for x; a metric that depends
// on the categorical z alone is explained by z.
func TestAnalyseOracles(t *testing.T) {
	lin := Analyse(gridData(t, func(x float64) float64 { return 0.5 + x/10 }, func(string) float64 { return 0 }), 0)
	if len(lin) != 2 || lin[0].Name != "agreement_rate" || lin[1].Name != "m_mean" {
		t.Fatalf("metrics %+v", lin)
	}
	x, z := lin[0].Effects[0], lin[0].Effects[1]
	if math.Abs(x.SRC-1) > 1e-9 || math.Abs(x.Sobol-1) > 1e-9 || x.SRCRank != 1 || x.SobolRank != 1 {
		t.Errorf("linear in x: x has SRC %v (rank %d), Sobol %v (rank %d); want 1, 1", x.SRC, x.SRCRank, x.Sobol, x.SobolRank)
	}
	if !math.IsNaN(z.SRC) || math.Abs(z.Sobol) > 1e-9 {
		t.Errorf("linear in x: categorical z has SRC %v, Sobol %v; want none, 0", z.SRC, z.Sobol)
	}
	if math.Abs(lin[0].R2-1) > 1e-9 {
		t.Errorf("linear in x: R² = %v, want 1", lin[0].R2)
	}
	if lin[1].Note == "" || lin[1].Reason != "the same at every point" {
		t.Errorf("a constant metric: note %q, reason %q", lin[1].Note, lin[1].Reason)
	}

	quad := Analyse(gridData(t, func(x float64) float64 { return 0.1 + x*x/10 }, func(z string) float64 {
		if z == "p" {
			return 0.2
		}
		return 0.7
	}), 0)
	x = quad[0].Effects[0]
	if math.Abs(x.SRC) > 1e-9 || math.Abs(x.Sobol-1) > 1e-9 {
		t.Errorf("quadratic in x: SRC %v, Sobol %v; want 0, 1", x.SRC, x.Sobol)
	}
	if z := quad[1].Effects[1]; math.Abs(z.Sobol-1) > 1e-9 || z.Groups != 2 {
		t.Errorf("metric of z: Sobol %v with %d groups, want 1 with 2", z.Sobol, z.Groups)
	}
	for _, m := range quad {
		for _, e := range m.Effects {
			for _, v := range []float64{e.SRC, e.SRCLo, e.SRCHi, e.Sobol, e.Null} {
				if math.IsInf(v, 0) {
					t.Errorf("%s/%s: infinite value", m.Name, e.Param.Path)
				}
			}
		}
	}
}
