package results

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/sweep"
)

// SensitivityFile is the table of parameter influence that
// WriteSweepAnalysis writes into a sweep folder.
const SensitivityFile = "sensitivity.csv"

// SweepAnalysisOptions configures WriteSweepAnalysis. The zero value
// works.
type SweepAnalysisOptions struct {
	// NoCharts writes sensitivity.csv only; sweep charts left in the
	// folder by an earlier call are removed all the same.
	NoCharts bool
	// DPI is the resolution of the PNG charts, as Options.DPI.
	DPI int
	// Bins is the number of groups of the first-order Sobol estimator
	// (SobolFirst) for a numeric parameter of a random or Latin-hypercube
	// sweep with more distinct values than that. Zero means ⌈√n⌉ for n
	// points.
	Bins int
}

// WriteSweepAnalysis reads the points.csv and manifest.json of the sweep
// folder dir and writes, into the same folder, sensitivity.csv and the
// sweep charts (PNG at chart.DPI and SVG): how much each parameter
// influences each outcome metric, and the metrics drawn against the
// parameters. It returns its warnings for the caller to show: metrics
// left out of the analysis (one warning per reason, naming them all: "no
// sensitivity for round_mean, dist_pareto_mean: the same at every
// point"; the notes of every row are in sensitivity.csv) and charts not
// drawn. The files depend on nothing but the two it reads (and the
// architecture's floating point), so a sweep run on one machine and the
// same sweep merged from shards get the same bytes. Every file is drawn
// before any is written and each is written atomically; sweep charts of
// an earlier call that this call does not draw are removed. A points.csv
// or manifest.json that breaks the contract below is reported with the
// line and column of every fault (up to 20), and nothing is written.
//
// # Input
//
// points.csv has the columns point, the parameters (every column between
// point and replications, named by dotted path), replications,
// agreements, agreement_rate, agreement_rate_lo, agreement_rate_hi, then
// M_mean, M_lo, M_hi for each metric M; the u_ID metrics name the parties.
// Empty cells are undefined values; NaN and infinities are refused.
// manifest.json gives the sweep's name (key sweep), version, seed (a
// decimal string), design (grid, random or latin_hypercube) and
// parameters (which must match the columns); other keys are ignored. A
// parameter whose every value is a finite number is numeric, any other
// categorical.
//
// # sensitivity.csv
//
// One row per outcome metric and parameter, metrics in the order of
// points.csv (agreement_rate, then each M_mean, named by that column) and
// parameters in file order, with the columns
//
//	metric, parameter, kind, points, src, src_abs_rank, r2,
//	sobol_first, sobol_rank, groups, sobol_null, note, src_lo, src_hi,
//	src_method
//
// Each metric is analysed over the points where it is defined (points);
// each point counts once, whatever its replications. Numbers are rounded
// to six decimals; empty cells are indices that do not exist, and note
// says why.
//
//   - kind: numeric or categorical.
//   - src: the standardised regression coefficient ([stats.SRC]; Saltelli et
//     al. 2008, §1.2.5) of the parameter in a least-squares fit of the
//     standardised metric on the standardised numeric parameters, with an
//     indicator column for every value but the first of each categorical
//     parameter (which get no SRC of their own). Its sign is the
//     direction of the effect. src_abs_rank ranks the parameters by |src|,
//     1 for the largest.
//   - src_lo, src_hi: the 95% confidence interval of src
//     ([stats.SRCIntervals]), which respects the scale of an SRC, and
//     src_method how it was computed. With one regression column (one
//     numeric parameter and no categorical one) the SRC is the
//     correlation r of parameter and metric and the interval is Fisher's,
//     tanh(atanh r ± 1.96/√(points − 3)) (fisher_z): inside [−1, 1] and
//     asymmetric near ±1. With several it is the 95% percentile bootstrap
//     interval of 1,000 resamples of the points (bootstrap_percentile),
//     each resample drawn from a stream seeded by the sweep's master seed,
//     so that the same sweep gives the same bytes; it lies inside [−1, 1]
//     as the SRCs of independently set parameters do. When it contains 0,
//     the points do not establish even the sign of the effect: with few
//     points or noisy ones, an SRC of −0.6 can be noise. Below 10 points
//     no interval is bootstrapped, and with fewer than 10 points per
//     regression column (the intercept included) note says that the
//     interval is rough.
//   - r2: the R² of that fit, repeated on each row with an SRC. Below
//     about 0.7 the relation is far from linear and the SRCs rank the
//     parameters poorly: read sobol_first instead.
//   - sobol_first: the first-order Sobol index Var(E[Y | X_i]) / Var(Y)
//     estimated from the given points ([stats.SobolFirst]; the binning estimator
//     of Plischke, Borgonovo and Smith 2013): the points are grouped by the
//     parameter's value (always in a grid design, and for categorical
//     parameters and parameters with at most ⌈√n⌉ distinct values) or
//     else into ⌈√n⌉ equal-count bins of its value (Options.Bins), and the
//     index is the share of the metric's variance between the groups'
//     means. It catches relations of any shape (y = x² on [−1, 1] has an
//     SRC of 0 and an index of 1). sobol_rank ranks the parameters by it.
//   - groups: the number of groups; sobol_null: (groups − 1)/(points − 1),
//     the index expected from a parameter without influence ([stats.SobolNull]).
//     An index near sobol_null is noise; with one group per point (a
//     one-parameter grid) the index is 1 by construction, whatever the
//     metric does, and note says so.
//   - note: why a row has no index (a metric or parameter that does not
//     vary, too few points, a parameter that is a linear combination of
//     those before it, which is left out of the regression) or how it was
//     computed, and when its interval is rough.
//
// # Charts
//
// Charts are named by the constants below and drawn in the house style of
// the run charts (6.5 in wide, Liberation Sans, Okabe–Ito colours), with
// the sweep's name in the title and the parley version, master seed,
// design, points and replications in the subtitle.
//
// The utilities charted are each party's mean utility u_ID and, when
// points.csv has it and it differs from u_ID by more than 0.001 at some
// point, the party's mean discounted utility ud_ID (the utility of the
// result discounted, and charged any cost of time, to the round of
// agreement).
// Without discounting the two are equal and a second chart would repeat
// the first; with it, ud_ID often carries the signal (a sweep of discount
// factors moves ud_ID while u_ID stays flat). Which charts are drawn
// depends on the number of parameters that take more than one value:
//
//   - one: sweep-agreement (the agreement rate against the parameter, with
//     its 95% Wilson interval) and sweep-utility (the mean of each utility
//     charted, with its 95% t interval: solid lines and filled markers for
//     u_ID, dashed lines and open markers for ud_ID, in the party's
//     colour). A numeric parameter of a grid, or with at most 12 values,
//     gets lines and bands, pooling the points at each value; a
//     categorical one gets points with error bars, as does a numeric one
//     drawn from a range (one per point). Then sweep-metrics: one panel
//     for each other metric of points.csv (round, welfare, dist_pareto,
//     dist_nash, invited, in column order; u_ID and ud_ID are left to
//     sweep-utility) that is defined at some point, its mean against the
//     parameter drawn the same way, with its 95% interval (Wilson for
//     invited, a share of runs pooled by its counts; t for the others),
//     each panel on its own scale with the metric's unit on the y axis.
//   - two: heatmap-agreement, heatmap-u_ID for each party and
//     heatmap-ud_ID for each discounted utility charted: a heatmap of the
//     cells of the two parameters' values (runs pooled, values written in
//     the cells when there are at most 144), on the viridis scale with a
//     colour bar (0–100% for the agreement rate; all utility charts share
//     one scale, so that they compare); for parameters drawn from ranges,
//     or more than 2,500 cells, a scatter of the points coloured by value.
//   - more: the same, each outcome over the two parameters most
//     influential on it (the largest first-order Sobol index on that
//     outcome, the larger on x; by |SRC| when no parameter has an index),
//     as its subtitle says, the others pooled; and
//     sweep-agreement with one panel per parameter: the agreement rate
//     pooled at each value, or for a parameter drawn from a range the
//     rate of each point with the means in the Sobol estimator's bins.
//     Long parameter paths are broken after their dots to fit a panel.
//   - always, when an index exists: sensitivity, one panel for the
//     agreement rate and one for each utility charted (u_ID, then ud_ID),
//     with the first-order Sobol index and the SRC of each parameter as
//     bars, sorted by the Sobol index, and sobol_null as a dashed mark.
//     Each SRC has its 95% interval (src_lo, src_hi) as a whisker, and an
//     SRC whose interval contains 0 is drawn pale ("SRC whose 95% interval
//     includes 0" in the legend). With one varied parameter, the subtitle
//     names the outcomes whose 95% intervals (those of the sweep charts)
//     at every value of it overlap each other: no value stands apart,
//     whatever their SRC (overlap is no test of a difference: the
//     subtitle says so). A
//     Sobol index that is 1 by construction (one group per point) gets no
//     bar, only a note, since it would show a flat metric as fully
//     explained; the parameters are then sorted by |SRC|. The index axis
//     leaves room for every value label beside its bar.
//
// # References
//
//   - Plischke, Borgonovo and Smith (2013). Global sensitivity measures
//     from given data. European Journal of Operational Research
//     226(3):536–550.
//   - Saltelli, Ratto, Andres, Campolongo, Cariboni, Gatelli, Saisana and
//     Tarantola (2008). Global Sensitivity Analysis: The Primer. Wiley.
//   - Sobol (1993). Sensitivity estimates for nonlinear mathematical
//     models. Mathematical Modelling and Computational Experiments
//     1(4):407–414.
func WriteSweepAnalysis(dir string, o SweepAnalysisOptions) (warnings []error, err error) {
	return WriteSweepAnalysisContext(context.Background(), dir, o)
}

// WriteSweepAnalysisContext is WriteSweepAnalysis, stopped when ctx is
// done: the charts' drawing checks ctx as it goes, and once ctx is done
// it returns ctx's error (wrapped) having written nothing.
func WriteSweepAnalysisContext(ctx context.Context, dir string, o SweepAnalysisOptions) (warnings []error, err error) {
	lock, err := atomicfile.LockWriter(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	return writeSweepAnalysis(ctx, dir, o)
}

// writeSweepAnalysis is WriteSweepAnalysisContext for a caller that holds
// the folder's lock.
func writeSweepAnalysis(ctx context.Context, dir string, o SweepAnalysisOptions) (warnings []error, err error) {
	d, err := ReadSweep(dir)
	if err != nil {
		return nil, err
	}
	d.Bins = o.Bins
	sens := sweep.Analyse(d, o.Bins)
	warnings = noSensitivityWarnings(sens)
	var csvData bytes.Buffer
	if err := writeSensitivity(&csvData, sens, "points"); err != nil {
		return warnings, fmt.Errorf("writing %s: %w", SensitivityFile, err)
	}
	type file struct {
		name string
		data []byte
	}
	files := []file{{SensitivityFile, csvData.Bytes()}}
	if !o.NoCharts {
		figs, warns := chart.SweepCharts(d, sens)
		warnings = append(warnings, warns...)
		for _, f := range figs {
			png, svg, err := f.Render(ctx, o.DPI)
			if err != nil {
				return warnings, fmt.Errorf("drawing the %s chart: %w", f.Name, err)
			}
			files = append(files, file{f.Name + ".png", png}, file{f.Name + ".svg", svg})
		}
	}
	if err := ctx.Err(); err != nil {
		return warnings, fmt.Errorf("writing the analysis of %s: %w", dir, err)
	}
	written := map[string]bool{}
	for _, f := range files {
		err := atomicfile.WriteFile(filepath.Join(dir, f.name), func(w io.Writer) error { _, err := w.Write(f.data); return err })
		if err != nil {
			return warnings, err
		}
		written[f.name] = true
	}
	return warnings, removeStaleSweepCharts(dir, written)
}

// ReadSweep reads the points of the sweep folder dir (manifest.json and
// points.csv), as WriteSweepAnalysis does.
func ReadSweep(dir string) (*sweep.Data, error) {
	return sweep.Read(filepath.Join(dir, ManifestFile), filepath.Join(dir, PointsFile))
}

// noSensitivityWarnings returns one warning for each reason that leaves
// metrics without indices, naming all the metrics it applies to ("no
// sensitivity for round_mean, dist_pareto_mean: the same at every
// point"), reasons in the order of their first metric.
func noSensitivityWarnings(sens []sweep.Sensitivity) []error {
	var reasons []string
	names := map[string][]string{}
	for _, m := range sens {
		if m.Note == "" {
			continue
		}
		r := cmp.Or(m.Reason, m.Note)
		if _, ok := names[r]; !ok {
			reasons = append(reasons, r)
		}
		names[r] = append(names[r], m.Name)
	}
	var out []error
	for _, r := range reasons {
		out = append(out, fmt.Errorf("no sensitivity for %s: %s (see %s)", strings.Join(names[r], ", "), r, SensitivityFile))
	}
	return out
}

// removeStaleSweepCharts removes the sweep charts in dir that are not in
// keep.
func removeStaleSweepCharts(dir string, keep map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("listing %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if keep[name] || !e.Type().IsRegular() || !isSweepChart(name) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing %s: %w", name, err)
		}
	}
	return nil
}

// isSweepChart says whether a file name is one of the sweep charts.
func isSweepChart(name string) bool {
	ext := filepath.Ext(name)
	if ext != ".png" && ext != ".svg" {
		return false
	}
	base := strings.TrimSuffix(name, ext)
	switch base {
	case chart.SweepAgreement, chart.SweepUtility, chart.SweepMetrics, chart.HeatmapAgreement, chart.Sensitivity:
		return true
	}
	return strings.HasPrefix(base, chart.HeatmapUtilityPrefix+"u_") || strings.HasPrefix(base, chart.HeatmapUtilityPrefix+"ud_")
}
