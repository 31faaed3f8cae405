// Package results turns a batch of sim.Result into the files of a run
// folder: tidy CSV tables, a statistical summary, a manifest and a chart.
// The library never prints; warnings are returned as values
// (Summary.Warnings) for the caller to show.
//
// # Files
//
// A [Recorder] writes these files into its folder. Each is written under a
// temporary name in the same folder, synced and renamed into place, so a
// reader or an interrupted run sees either the old file or the complete new
// one. manifest.json is renamed last: a folder whose manifest lists a file
// holds the complete version of it.
//
//   - manifest.json: the [Manifest] (version, build, command line, scenario
//     text and its SHA-256, master seed, counts, start and finish times,
//     warnings, files). The only file with timestamps.
//   - runs.csv: one row per run.
//   - rounds.csv: one row per event of the traced runs.
//   - summary.csv: one row per statistic.
//   - convergence.png (300 dpi) and convergence.svg: the chart of the traced
//     runs (see below).
//
// # Table conventions
//
// The CSV files follow RFC 4180 (encoding/csv): comma-separated, a header
// row, fields quoted only when needed, "\n" line ends. Column names are
// snake_case. Every data file is deterministic: the same batch gives the
// same bytes whatever the number of workers.
//
//   - Missing values are empty fields, never "NA" or "NaN": pandas reads
//     them as NaN, R's read.csv as NA in numeric columns and as "" in text
//     columns (readr's read_csv reads both as NA).
//   - Numbers are written in the shortest form that reads back to the same
//     float64 (strconv 'g', precision -1), so 0.1 is "0.1" and small values
//     may use an exponent ("1e-07").
//   - Booleans are "true" and "false".
//   - Seeds are "0x" and 16 hex digits. pandas reads them as text; in R use
//     colClasses = c(seed = "character") to keep all 64 bits.
//   - Rounds count from 0, as in package sim: a deal in round 0 is not
//     discounted.
//   - Party and issue columns use the ids from the scenario. An issue whose
//     id clashes with another column (such as "run") is written as issue_ID.
//
// runs.csv has the columns
//
//	run, seed, first_mover, end, round, agreed, by, offers,
//	<issue id>..., u_<A>, u_<B>, ud_<A>, ud_<B>,
//	concession_<A>, concession_<B>
//
// where first_mover and by are party ids (by is the party that accepted or
// walked away, empty otherwise), end is how the session ended as package
// sim names it (agreement, deadline, breakdown, walkaway, …), round is the
// round in which it ended, the issue columns hold the agreed value ids
// (empty without agreement), u_ is each party's utility of the result (of
// the agreement, or its reservation or breakdown value without one), ud_
// the same discounted to the agreement round (sim.Result.Discounted) and
// concession_ the party's total concession in its own utility
// (sim.Result.Concession).
//
// rounds.csv has the columns
//
//	run, seed, step, round, actor, action, <issue id>..., u_<A>, u_<B>
//
// with one row per event in order (step counts the events of a run from
// 0), actor a party id or "protocol" for events of no party (actor −1 in
// sim), action the event kind as sim names it (offer, accept, reject, walk,
// breakdown, …), and the outcome offered, accepted or rejected (empty for
// events without one, such as walk and breakdown) with both parties'
// utility of it.
//
// summary.csv is in long form, with the columns
//
//	scenario, parley_version, master_seed, metric, statistic,
//	estimate, lower, upper, conf_level, n, method
//
// The first three repeat on every row, so that summaries of many runs can
// be stacked into one table. The metrics are agreement (statistic rate),
// end_REASON for every end reason sim knows (statistic share: end_agreement,
// end_deadline, end_breakdown, end_walkaway, …), agreement_round (round of agreement, agreed runs only),
// offers, and u_ID and ud_ID for each party (all runs). Proportions carry a
// Wilson score interval (method wilson); the other metrics have the rows
// mean (Student's t interval, method t), sd, median (distribution-free
// order-statistic interval, method order_statistic), min and max. lower,
// upper and conf_level are empty on rows without an interval and where
// there are too few values for one (fewer than 2 for a mean, 6 for a 95%
// median interval); a warning then says so. See [Wilson], [MeanCI] and
// [MedianCI].
//
// # Chart
//
// convergence.png and convergence.svg show, for up to [MaxChartRuns] traced
// runs (one panel each, sharing their scales), both parties' utility of
// every offer round by round: the "negotiation dance". Colour says whose
// utility (Okabe–Ito blue for party A, vermillion for B); line and marker
// say whose offer (A's solid with circles, B's dashed with triangles). The
// first mover's offers sit on whole rounds and the second mover's half a
// round later. Dotted lines mark the reservation values, a star each
// party's utility of the agreement (with its value), and a dashed vertical
// line how the run ended. The SVG names its fonts (Liberation Sans) rather
// than embedding them. Both files are byte-for-byte deterministic on one
// architecture.
package results
