// Package results turns a batch of sim.Result into the files of a run
// folder: tidy CSV tables, a statistical summary, a manifest and charts,
// and draws the charts again from those files ([Replot]). The library
// never prints; warnings are returned as values (Summary.Warnings,
// Replotted.Warnings) for the caller to show.
//
// results records runs, writes the tables and manifests, records and
// merges sweeps and replots. Its subpackages hold one idea each:
// results/chart draws the charts from inputs results builds,
// results/narrate tells a run in words (transcript.txt), results/sweep
// reads a finished sweep's points and measures the parameters' influence,
// results/atomicfile writes files atomically, results/metric holds the
// table of metrics (name, title, meaning, unit) that the columns, the
// report and the sweep charts take their names and words from (results
// uses all five, so they do not import it), and results/report writes the
// HTML report of a folder, reading it through results. The statistics (intervals, SRC,
// Sobol) are in the leaf package sim/stats. results and its subpackages
// import sim and sim/stats, never agents, scenarios or cmd.
//
// # Files
//
// A [Recorder] writes these files into its folder. manifest.json is
// written last: a folder whose manifest lists a file holds the complete
// version of it.
//
// # Run folders
//
// A run folder is replaced as a unit, so that a reader, or a run
// interrupted at any moment (Ctrl-C, kill -9, a crash, a full disk), finds
// the earlier run's folder whole or the new run's whole, never a mix of
// their files. The Recorder writes every file into a temporary folder
// beside the run folder, .NAME.parley-new-N in its parent, syncs it, and
// swaps it with the run folder in one step (Linux's renameat2
// RENAME_EXCHANGE), then removes the earlier folder; where the system
// cannot exchange two folders, it moves the earlier one aside
// (.NAME.parley-old-N) and the new one into place, and a writer killed
// between the two renames leaves no folder, which the next writer restores
// from the one aside (atomicfile.Dir, atomicfile.CleanDir). Because the
// folder is replaced whole, a folder holding files that no run writes is
// refused (they would be lost), as is the working folder or a folder
// holding it.
//
// One writer at a time: the Recorder, the SweepRecorder, MergeSweep,
// Replot, WriteSweepAnalysis and WriteTournamentAnalysis lock the folder
// exclusively, and the report
// (results/report) reads it under a shared lock. The lock is an flock on
// .NAME.lock in the folder's parent, which outlives every version of the
// folder; a second writer is refused at once with an error wrapping
// atomicfile.ErrLocked (parley exits with code 1: wait and retry). The
// kernel releases the lock of a process however it ends, so the lock of a
// killed process never blocks; the lock file it leaves is reused. Holding
// the lock, every writer first removes what killed writers left: the
// temporary folders beside the folder and the temporary files
// (.NAME.tmp-N) inside it.
//
//   - manifest.json: the [Manifest] (version, build, command line, scenario
//     text and its SHA-256, master seed, counts, start and finish times,
//     warnings, files). The only file with timestamps.
//   - runs.csv: one row per run, with its metrics.
//   - rounds.csv: one row per event of the traced runs.
//   - summary.csv: one row per statistic.
//   - frontier.csv: the Pareto frontier of the outcome space.
//   - solutions.csv: the bargaining solutions and reference points.
//   - convergence.csv: quantiles of the offers of all runs, round by round
//     (only when the batch is observed: pass [Recorder.Observer] to
//     sim.Batch.Observe).
//   - rounds, utility-space, convergence, outcomes and issues, each as a
//     PNG (300 dpi, or Options.DPI) and an SVG: the charts (see Charts below). Options.NoCharts
//     leaves them out.
//   - transcript.txt: the plain-language account of the traced run 0
//     ([narrate.Run], written by [WriteTranscript]).
//   - class.csv: only in a class's folder (parley serve, Options.Class):
//     one row per student's seat (see class.csv below).
//   - sensitivity.csv and the sensitivity chart: only for a scenario with
//     uncertain assumptions, what drives the outcome (see Runs with
//     uncertain assumptions below).
//
// # Sweeps, reports
//
// A [SweepRecorder] writes the folder of a parameter sweep as it is played:
// manifest.json ([SweepManifest], without timestamps), runs.csv (one row per
// run with the point's parameter values), points.csv (one row per point,
// with intervals) and, when the sweep is complete, sensitivity.csv and the
// sweep charts ([WriteSweepAnalysis]). Shards of one sweep are joined by
// [MergeSweep]. Package results/report turns a run or sweep folder into
// one self-contained HTML page (report.html, [ReportFile]).
//
// A tournament (an ANAC-style round robin of agents on domains) is a sweep
// whose points are the triples (domain, agent A, agent B) and whose
// replications are repetitions: [NewTournamentRecorder] writes its folder
// with the sweep machinery (checkpoints, resume, shards, [MergeSweep]),
// its runs.csv naming the parties by their roles A and B, and at the end
// the per-agent tables, the ranking and the charts
// ([WriteTournamentAnalysis], read back by [ReadTournament]).
//
// # Table conventions
//
// The CSV files follow RFC 4180 (encoding/csv): comma-separated, a header
// row, fields quoted only when needed, "\n" line ends. Column names are
// snake_case. Every data file is deterministic: the same batch gives the
// same bytes whatever the number of workers.
//
//   - Missing and undefined values are empty fields, never "NA" or "NaN":
//     pandas reads them as NaN, R's read.csv as NA in numeric columns and
//     as "" in text columns (readr's read_csv reads both as NA).
//   - Numbers are written in the shortest form that reads back to the same
//     float64 (strconv 'g', precision -1), so 0.1 is "0.1" and small values
//     may use an exponent ("1e-07").
//   - Booleans are "true" and "false".
//   - Seeds are "0x" and 16 hex digits. pandas reads them as text; in R use
//     colClasses = c(seed = "character") to keep all 64 bits.
//   - Rounds count from 0, as in package sim: a deal in round 0 is not
//     discounted.
//   - Party and issue columns use the ids from the scenario. An issue whose
//     id clashes with another column (such as "run" or "welfare") is
//     written as issue_ID in every table.
//
// # runs.csv
//
// runs.csv has the columns
//
//	run, seed, first_mover, end, round, agreed, by, offers,
//	<issue id>..., u_<A>, u_<B>, ud_<A>, ud_<B>,
//	concession_<A>, concession_<B>,
//	dist_pareto, dist_nash, dist_ks, welfare, nash_product,
//	surplus_share_<A>, surplus_share_<B>, advantage_<A>, advantage_<B>,
//	conceded_more
//
// and, when the negotiation has a facilitator, twelve more (below). first_mover
// and by are party ids (by is the party that accepted or walked away,
// empty otherwise), end is how the session ended as package sim names it
// (agreement, deadline, breakdown, walkaway, conflict), round is the round
// in which it ended, the issue columns hold the agreed value ids (empty
// without agreement), u_ is each party's utility of the result (of the
// agreement, guarantees included, or its reservation or breakdown value
// without one), ud_ the same discounted to the agreement round
// (sim.Result.Discounted) and concession_ the party's total concession in
// its own utility, Σ max(0, u(previous own offer) − u(own offer))
// (sim.Result.Concession; Hindriks, Jonker and Tykhonov 2007).
//
// The metric columns compare the result u = (u_A, u_B) with what the
// outcome space allowed. They are computed once per run by
// sim.Analysis.Metrics, with the reservation values as the disagreement
// point d, over the frontier and solutions of frontier.csv and
// solutions.csv. The distances compare outcomes of the issue space: they
// measure the agreed outcome x by the parties' utilities of it alone,
// x_u = (u_A(x), u_B(x)), leaving out the guarantee a facilitator attached
// to it, which is no outcome of the issues (so a facilitator that proposes
// exactly the Nash outcome scores dist_nash 0, guarantee or not). They
// describe agreements, as GENIUS reports them (Lin et al. 2014), and are
// empty without agreement: a deadline, walk-away or breakdown has no
// outcome to measure. Every other metric uses u, guarantees included.
//
//   - dist_pareto: the Euclidean distance in utility space from x_u to the
//     nearest point of the Pareto frontier of all outcomes (GENIUS's
//     "distance to Pareto") when some outcome is better for one party and
//     no worse for the other, and 0 otherwise: 0 means efficient.
//   - dist_nash, dist_ks: the distance from x_u to the nearest Nash (Nash
//     1950) and Kalai–Smorodinsky (Kalai and Smorodinsky 1975) point, as
//     GENIUS reports "distance to Nash"; also empty when no outcome is
//     individually rational, so that the solution does not exist.
//   - welfare: u_A + u_B (utilitarian social welfare).
//   - nash_product: (u_A − d_A)(u_B − d_B) when both gains are positive,
//     else 0.
//   - surplus_share_ID: the party's share of the total gain over d,
//     (u_i − d_i) / Σ_j (u_j − d_j); empty when the total gain is not
//     positive. It is 1/2 each at the Nash solution of a straight frontier
//     of slope −1 (sim/README.md, example B).
//   - advantage_ID: NegMAS's "advantage", (u_i − d_i) / (max_i − d_i), the
//     part of what the party could have gained over d that it did gain,
//     with max_i its best utility over all outcomes; negative when the
//     result is worth less than d (a breakdown value below the reservation
//     value); empty when max_i = d_i.
//   - conceded_more: the id of the party whose total concession is larger
//     by more than 1e-9, or "equal".
//
// The facilitator columns (sim.Mediation) are left out of negotiations
// without a facilitator, so that bilateral tables stay tidy:
//
//   - invited: whether the facilitator was ever invited; invite_round the
//     round of the first invitation (empty if never); asked_first the
//     party that asked first (empty when nobody asked, or the facilitator
//     came in by rule); invite_reason the trigger that made it ask
//     (stalled, projected_no_deal, continuation, time), "asked" when a
//     person playing the party asked (sim.Requester), or "always";
//   - mediations: the number of invitations; drafts and drafts_accepted:
//     the texts proposed and those both parties voted for, first drafts
//     included;
//   - mediated: whether the agreement is the facilitator's text;
//     guarantee and guarantee_cost: the guarantee attached to it and its
//     cost to the facilitator (empty without one);
//   - facilitator_utility: the facilitator's utility of the result, net of
//     the guarantee's cost (empty when the facilitator has no utility of
//     its own);
//   - dismissed_by: the party that last turned a final text down, if any.
//
// # Runs with uncertain assumptions
//
// A scenario may give fields as distributions (see package scenarios,
// "Uncertain assumptions"): every run then draws its own value of each
// and plays the negotiation drawn for it (sim.Batch.NewSampler). The
// Recorder then writes:
//
//   - runs.csv: after all the columns above (the facilitator's included),
//     one column per assumption, named by its path as --set names it
//     (parties.armenia.discount, parties.armenia.weights.corridor,
//     protocol.first), in the order of Manifest.Assumptions, holding the
//     value the run drew: a number as drawn (a weight given on its own
//     before normalisation, a weight of weights_concentration
//     normalised), an integer as a whole number, a category (a strategy's
//     type, the first mover, true or false) as the name of the value drawn,
//     not its index.
//   - runs.csv metrics: each run is measured against the negotiation it
//     played (sim.Result.Metrics, computed on the worker that played it):
//     its own frontier, solutions, reservation values and best outcomes.
//   - rounds.csv: each offer valued by the parties of its run (the
//     Recorder draws the traced runs' assumptions again,
//     Options.NewSampler); the transcript tells run 0 with its own
//     negotiation ([Recorder.RunNegotiation]).
//   - manifest.json: the key assumptions, one object per assumption with
//     path, distribution (canonical form, as --set takes it: "{uniform:
//     [0.85, 0.95]}") and kind (number, integer or category) and, for a
//     category, its values.
//   - frontier.csv and solutions.csv: the nominal scenario's (every
//     uncertain number at its median, every choice at its most probable
//     value, weights of weights_concentration at the stated weights),
//     since the runs played as many negotiations as they drew; the
//     charts say where they show it (see package results/chart, "Runs
//     with uncertain assumptions"). The runs' own frontiers are in their
//     metric columns.
//   - sensitivity.csv, sensitivity.png and sensitivity.svg: what drives
//     the outcome, described below.
//
// sensitivity.csv is the uncertainty analysis of the runs: which of the
// assumptions, as drawn run by run, move which outcome, with the
// machinery of a sweep's sensitivity.csv (see [WriteSweepAnalysis])
// applied to the draws of the first [MaxDriverRuns] runs, each run one
// value. The columns are a sweep's with runs in place of points (the
// number of runs where the outcome is defined); the rows go outcome by
// outcome, assumptions in the order of Manifest.Assumptions. The outcomes
// (metric) are agreement (1 if the run agreed, else 0), u_ID and ud_ID
// for each party (every run), round (agreed runs), and each issue's
// agreed value over the agreed runs: for a numeric issue one outcome
// named by the column holding the number agreed; for an issue of
// options one 0/1 indicator per option, named ISSUE=OPTION
// (corridor=open), for every option agreed in at least one run (an option
// never agreed has nothing to explain and no rows). An indicator's SRC
// says whether an assumption makes that option likelier among the
// agreements, its Sobol index how much of the choice of that option the
// assumption explains alone. A category (a choice) is categorical: no
// SRC, a Sobol index by value, indicator columns in the fit. The weights
// of one Dirichlet draw (weights_concentration) sum to 1: the last of a
// party's weights is a linear combination of the others and is left out
// of the regression (its row says so; it keeps its Sobol index), and
// since the others are correlated their intervals are not cut to the
// range [−1, 1]. The SRC intervals are bootstrapped (1,000 resamples of
// the runs) from the master seed, so the file is the same for any number
// of workers; with one numeric assumption and no categorical one the
// interval is Fisher's. The indices measure association across the runs
// over this scenario's distributions: a narrow distribution gives an
// assumption little room to matter.
//
// The sensitivity chart shows sensitivity.csv for the agreement, each
// party's utility and the round (the eight most influential assumptions
// of each); an outcome without any index (the same in every run) has no
// panel. Package results/chart describes it.
//
// A scenario without distributions writes exactly what it wrote before:
// no assumption columns, no assumptions key and no sensitivity.csv. A sweep whose base
// scenario has distributions writes the draws as the last columns of its
// runs.csv and lists them in its manifest (SweepManifest.Assumptions).
//
// # rounds.csv
//
// rounds.csv has the columns
//
//	run, seed, step, round, actor, action, <issue id>..., u_<A>, u_<B>
//
// with one row per event in order (step counts the events of a run from
// 0), actor a party id or "protocol" for events of no party (actor −1 in
// sim: breakdowns, the facilitator's and mediator's drafts and
// invitations), action the event kind as sim names it (offer, accept,
// reject, walk, breakdown, conflict, draft, vote_yes, vote_no, request,
// invite, dismiss), and the outcome offered, voted on, accepted or
// rejected (empty for events without one, such as walk and breakdown)
// with both parties' utility of it. The utilities of a facilitator's text
// (its drafts, the parties' votes on them and the final accept or dismiss
// of the text) include the guarantee the facilitator attached to the texts
// of that mediation (sim.Guarantee.Delta, where sim.Guarantee.Covers the
// text), as the parties weighed it, so that the accept of a mediated
// agreement shows what runs.csv, the transcript and the charts say it is
// worth. Offers and their answers across the table never carry one.
//
// # class.csv
//
// A class (parley serve) writes one run folder per scenario it played,
// whose runs are its pairings, each with the seed of the run of parley run
// of the same index. Its class.csv has one row per student's seat
// ([Recorder.AddSeats]), with the columns
//
//	seat, name, party, pairing, <every column of runs.csv>
//
// seat is the student's seat number and name the name the student gave
// (empty if none), party the id of the party the student played, pairing
// the pairing's number in the class (as the class's pages show it), and
// the rest the run's row of runs.csv. A run in which two students played
// has two rows, one per seat; a party without a row in a run was played by
// an agent. A seat column whose name an issue's column already takes is
// written class_NAME, with a warning.
//
// # summary.csv
//
// summary.csv is in long form, with the columns
//
//	scenario, parley_version, master_seed, metric, statistic,
//	estimate, lower, upper, conf_level, n, method
//
// The first three repeat on every row, so that summaries of many runs can
// be stacked into one table. The metrics are, in file order:
//
//   - agreement (statistic rate) and end_REASON for every end reason sim
//     knows (statistic share: end_agreement, end_deadline, end_breakdown,
//     end_walkaway, end_conflict);
//   - agreement_round (agreed runs only), offers, u_ID and ud_ID for each
//     party (all runs);
//   - dist_pareto, dist_nash and dist_ks (agreed runs only, as in
//     points.csv of a sweep; n counts them); welfare, nash_product,
//     surplus_share_ID and advantage_ID (all runs where defined; n counts
//     them);
//   - conceded_more_ID for each party and conceded_more_equal (share);
//   - with a facilitator: invited and mediated (rate), invite_round
//     (invited runs) and, if the facilitator has a utility,
//     facilitator_utility (all runs).
//
// Proportions carry a Wilson score interval (method wilson); the other
// metrics have the rows mean (Student's t interval, method t), sd, median
// (distribution-free order-statistic interval, method order_statistic),
// min and max. lower, upper and conf_level are empty on rows without an
// interval and where there are too few values for one (fewer than 2 for a
// mean, 6 for a 95% median interval); a warning then says so. See
// [stats.Wilson], [stats.MeanCI] and [stats.MedianCI].
//
// # frontier.csv and solutions.csv
//
// frontier.csv lists the Pareto frontier of all outcomes (sim.Analysis.
// Frontier: no other outcome is at least as good for both parties and
// better for one; outcomes with equal utilities all appear, so it may hold
// every outcome of the space), by decreasing utility to A, with the
// columns
//
//	outcome, <issue id>..., u_<A>, u_<B>, rational
//
// where outcome is the outcome's index in the space (sim.Outcome) and
// rational says whether it is worth at least the reservation value to
// both (the rational rows are sim.Analysis.RationalFrontier).
//
// solutions.csv lists the bargaining solutions, one row per point (ties
// give several rows, at most sim.MaxTies = 1,000 per solution: when more
// outcomes tie, the first outcome of each distinct pair of utilities and
// then further tied outcomes, in frontier order, and a warning in the
// manifest and the summary says how many tied), with the columns
//
//	solution, outcome, <issue id>..., u_<A>, u_<B>
//
// The solutions are disagreement (the reservation values; no outcome),
// ideal (each party's best utility over the individually rational
// outcomes; no outcome; left out when there are none), nash (Nash 1950),
// kalai_smorodinsky (Kalai and Smorodinsky 1975, relative to the ideal
// point), egalitarian (Kalai 1977; NegMAS's "kalai"), genius_kalai (the
// frontier point minimising |u_A − u_B|, which GENIUS reports as
// Kalai–Smorodinsky) and max_welfare; see sim.Solutions. Where no outcome
// is acceptable to both parties, nash (and the solutions relative to the
// ideal point) has no row, and a row genius_nash gives the point GENIUS
// reports as the Nash point all the same (sim.GeniusNash: the frontier
// point with the largest (u_A − r_A)(u_B − r_B), acceptable or not): a
// different, labelled point, never the textbook one; the utility-space
// chart does not draw it. The two tables let a reader redraw the
// utility-space chart without parley.
//
// # convergence.csv
//
// convergence.csv describes the offers of every run, round by round, with
// the columns
//
//	round, party, offer_by, n, q10, q50, q90
//
// For each round r, party i and offerer j (a party id, or "protocol" for
// the proposals of no party, as under the single text, and a
// facilitator's agreed texts), consider the runs still negotiating in
// round r in which j had made an offer by the end of round r, and i's
// utility of j's latest offer then. In the round of an agreement the
// parties reached themselves, the agreement replaces every offerer's
// latest offer, so that the lines meet where the runs end. An agreement
// on a facilitator's text is the "protocol" offerer's in its round, and
// the parties' latest offers stay their own: the facilitator's texts are
// kept apart from the parties' offers (its drafts that were not agreed
// are not offers and do not appear). n is the
// number of those runs and q10, q50, q90 the 10%, 50% and 90% quantiles of
// the utilities, by linear interpolation between order statistics (R's
// type 7, numpy's default; Hyndman and Fan 1996). Utilities are rounded to
// the nearest 1/[ConvergenceResolution] (0.001) before counting, so the
// quantiles are those of the rounded values. Rows without runs are left
// out.
//
// The counts come from [Recorder.Observer], which the batch's workers call
// after every run: each worker keeps one histogram of 1,001 counts per
// round, party and offerer (4 KB), allocated when first needed, and Close
// sums them, so the table does not depend on the number of workers. Memory
// is bounded by the rounds kept: with a deadline above
// [MaxConvergenceRounds] only every s-th round is kept, s =
// ⌈deadline/1000⌉, so at most 16 MB per worker under alternating offers.
//
// # Comparison folders
//
// A [CompareRecorder] writes the folder of a paired comparison (parley
// compare): two arms, a base and a variant (the base with overrides, or
// another scenario over the same issues and parties), played with common
// random numbers. Run i of both arms plays with the seed sim.RunSeed(seed,
// i) (sim.Paired): the same first mover, the same breakdown draws, the
// same strategy noise and, for every uncertain assumption the arms share
// with the same distribution, the same value drawn. A difference between
// the runs i of the two arms is then the effect of what differs between
// the arms, not of chance (Law and Kelton's common random numbers), and
// the paired intervals below are narrower than those of two separate runs
// by as much as the arms' outcomes are correlated. The folder is replaced
// as a unit, locked and cleaned exactly as a run folder; a comparison is
// not written into a run's or a sweep's folder, nor a run into a
// comparison's. It holds:
//
// manifest.json: kind "compare", version, go_version, os, arch, command,
// random_numbers "common", seed, runs (pairs), workers, sets (the --set
// overrides of both arms), identical (both arms the same resolved scenario
// and every pair played the same), arms (base then variant: arm, label,
// scenario, source, overrides (--with), scenario_yaml, scenario_sha256 and
// the arm's assumptions), started, finished, warnings and files.
//
// runs.csv, in long (tidy) form: two rows per run, the base's then the
// variant's, with the columns
//
//	run, arm, seed, ...
//
// where arm is base or variant and the other columns are those of a run's
// runs.csv (see "runs.csv" above: end, round, agreed options, utilities
// raw and discounted, concessions, metrics, the facilitator's columns,
// the sampled assumptions), in the base's order, followed by the columns
// only the variant has (a facilitator the base lacks, an assumption of its
// own), which are empty in the other arm's rows. Each arm's utilities and
// metrics are measured with that arm's own preferences and the negotiation
// its run played. The arms' seeds are equal row by row.
//
// pairs.csv, one row per run with the differences variant − base that
// differences.csv summarises, so that a reader can plot or test them
// without reshaping runs.csv:
//
//	run, seed, agreed_base, agreed_variant, same_outcome, d_round, d_u_<A>, d_u_<B>, d_ud_<A>, d_ud_<B>, d_welfare
//
// same_outcome is true when both arms ended with the same agreed outcome,
// or both without agreement; d_round is empty unless both arms agreed;
// d_u and d_ud are the differences of each party's utility, raw and
// discounted, and d_welfare that of u_A + u_B.
//
// differences.csv, the paired estimates, with the provenance columns of
// summary.csv (the base's scenario, the version, the seed) and
//
//	scenario, version, seed, metric, statistic, n, base, variant, estimate, lower, upper, level, method
//
// base and variant are the arms' rates or means, estimate is variant −
// base (or a share) and [lower, upper] its interval at level (0.95), n the
// number of pairs it rests on. The rows: agreement, the difference of the
// agreement rates by Newcombe's (1998) method 10 for paired proportions
// (method newcombe_paired; its width is positive even without discordant
// pairs, since n pairs that all agree cannot exclude a small difference);
// u_<A>, ud_<A>, u_<B>, ud_<B> and welfare, the mean differences of each
// party's utility and discounted utility (a run without agreement counts
// with its reservation or breakdown value, so these are unconditional
// effects) and of u_A + u_B over every pair, by the paired t interval
// (method paired_t: the t interval of the mean of the n differences);
// round, the mean difference of the agreement round over the runs agreed
// in both arms only (n says how many; conditional on agreeing in both);
// better_<A>, worse_<A>, same_<A> (and <B>), the shares of runs in which
// the party's utility is higher, lower or exactly the same in the variant,
// with Wilson intervals (method wilson). When both arms are the same
// resolved scenario and every pair played the same, every difference is
// exactly 0 and every share exact, with intervals of no width (method
// identical_arms); arms declared the same whose runs differed get the
// usual intervals and a warning. An interval left empty needs more pairs
// (a mean's needs 2).
//
// # Charts
//
// The charts (rounds, utility-space, convergence, outcomes, issues and,
// with uncertain assumptions, sensitivity) are
// drawn by package results/chart from what the Recorder counted or Replot
// read back ([chart.Input]); that package describes each chart. The
// Recorder writes them with the other files, atomically, and lists them
// in the manifest.
//
// # Replotting
//
// [Replot] draws every chart again from the tables of a finished folder
// (runs.csv, rounds.csv, convergence.csv, frontier.csv, solutions.csv;
// the sensitivity chart from the draws in runs.csv, analysed again) and
// manifest.json, given the negotiation rebuilt from the manifest's
// resolved scenario. It gives the same bytes as the run that recorded the
// folder, so charts can be restyled or redrawn after a run recorded
// without them (Options.NoCharts).
//
// A folder read back is not trusted: every number that could size
// anything is checked, before it is used, against the negotiation and the
// manifest, and refused with the file, the line and the limit. Rounds lie
// before the deadline, run indices below the manifest's runs (increasing),
// traced runs below its traced runs, each with consecutive steps and at
// most as many events as its rounds can hold; convergence counts are at
// most the runs; frontier.csv has at most one row per outcome; the
// manifest is at most [MaxManifestSize] bytes, with at most sim.MaxRuns
// runs and at most sim.MaxTracedRounds traced rounds.
//
// # References
//
//   - Hindriks, Jonker and Tykhonov (2007). Negotiation dynamics:
//     analysis, concession tactics, and outcomes. IEEE/WIC/ACM IAT 2007.
//   - Hyndman and Fan (1996). Sample quantiles in statistical packages.
//     The American Statistician 50(4):361–365.
//   - Kalai and Smorodinsky (1975). Other solutions to Nash's bargaining
//     problem. Econometrica 43(3):513–518.
//   - Kalai (1977). Proportional solutions to bargaining situations.
//     Econometrica 45(7):1623–1630.
//   - Law and Kelton (2000). Simulation Modeling and Analysis, 3rd ed.,
//     §11.2 (common random numbers). McGraw-Hill.
//   - Lin, Kraus, Baarslag, Tykhonov, Hindriks and Jonker (2014). Genius:
//     an integrated environment for supporting the design of generic
//     automated negotiators. Computational Intelligence 30(1):48–70.
//   - Nash (1950). The bargaining problem. Econometrica 18(2):155–162.
//   - Newcombe (1998). Improved confidence intervals for the difference
//     between binomial proportions based on paired data. Statistics in
//     Medicine 17(22):2635–2650.
package results
