// Package report turns a run, sweep, tournament or comparison folder of
// parley into one
// self-contained HTML page (results.ReportFile): the scenario and the
// assumptions behind the numbers, the summary table with its intervals,
// the bargaining solutions, every chart of the folder inlined as SVG with
// a caption on how to read it, the narrated transcript; for a run with
// uncertain assumptions, the section "What drives the outcome" (findings
// drawn from the run's sensitivity.csv, each direction claimed only from
// a 95% interval that excludes 0, the sensitivity chart and the table's
// first rows); for a sweep, the
// sweep charts and the first rows of points.csv and sensitivity.csv; for a
// tournament (a manifest whose design is results.TournamentDesign), the
// ranking, the agents' table, the matchups, the tournament charts and the
// resolved tournament file instead of a scenario; for a comparison (a
// manifest of kind results.CompareKind, parley compare), the base
// scenario, both arms and their overrides, the paired differences of
// differences.csv with their intervals and what each interval allows one
// to say (a direction only from an interval that excludes 0), the three
// comparison charts and what varies between runs (the common random
// numbers and each arm's uncertain assumptions).
//
// [Write] writes the page, [WriteFile] writes it atomically to a file. The
// page needs no network and runs no script: the folder's SVGs are cleaned
// of anything but drawing, a Content-Security-Policy forbids loading
// anything, and every text read from the folder is escaped. The same
// folder gives the same bytes.
//
// The package reads the folder through the file names and readers of
// package results (and results/sweep); it writes nothing into the folder
// it describes unless asked to (parley report writes report.html there).
package report
