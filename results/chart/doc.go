// Package chart draws parley's charts: the charts of a run folder from
// what package results recorded or read back ([Input], [Input.Charts]),
// the sweep charts from the points of a sweep and their analysis
// ([SweepCharts], package results/sweep), and the utility-space chart of
// one session ([WriteUtilitySpace], for parley play). It imports no
// package of results but its leaves (results/sweep, results/narrate,
// results/atomicfile): results builds the inputs, and [Chart.Render]
// returns each chart as PNG ([DPI]) and SVG for results to write with the
// other files of a folder. Files it writes itself are written atomically.
//
// # The charts of a run
//
// Every chart is 6.5 in wide (a page or a wide column), in Liberation Sans
// at 10–14 pt, with a title naming the scenario and a subtitle with the
// parley version (a commit in it shortened to 7 hex digits), master seed
// and number of runs, wrapped onto more lines where it is too wide for
// one (between its " · " parts first), never cut, axes labelled with their
// units and the legend off the data. Colours come from the Okabe–Ito
// palette (Okabe and Ito 2008), safe for colour-blind readers: blue for
// party A, vermillion for party B, bluish green for the facilitator or
// mediator, sky blue for quantities of no party. Line and marker style
// repeat what colour says, so the charts read in grey too. The SVGs name
// their fonts (Liberation Sans, then Arial) rather than embedding them.
// Both formats are byte-for-byte deterministic on one architecture.
//
// Chart text is cleaned as it is measured and drawn, whatever its source
// (package scenarios refuses such labels at input; a negotiation built by
// hand or tables read back from a folder may still carry them): control
// characters, line and paragraph separators and bidirectional controls
// are left out, invalid UTF-8 becomes U+FFFD, and only the first 1,000
// characters of a line and 12 lines of a text count, so that every SVG is
// well-formed XML and no label costs more than a bounded time to fit. A
// category label on a y axis takes at most half its panel's width.
//
// Every series is drawn with a bounded number of points, so that a
// session of a million rounds or a sweep of a million points makes a
// chart of bounded size in bounded memory: beyond 600 points for a line
// (an offer line of the rounds chart, a median or band of the
// convergence chart), 300 for an offer path of the utility-space chart
// (which loses its repeated points first), 3,000 for the Pareto frontier
// of the utility-space chart (which loses its tied points first: a space
// of millions of outcomes may have them all on its frontier, and a chart
// cannot show more than a few thousand points) and 5,000 for a sweep series
// drawn point by point, a series is cut into runs of consecutive points
// of equal length and keeps, of each run, its first and last points and
// those with the least and greatest x and y. The first, last and extreme
// points are always drawn, a line keeps its envelope, and the choice
// depends on the series alone. A sweep chart that leaves points out says
// how many in its subtitle.
//
//   - rounds.png, rounds.svg: for up to [MaxRuns] traced runs (one
//     panel each, sharing their scales), both parties' utility of every
//     offer round by round. Colour says whose utility; line and marker say
//     whose offer (A's solid with circles, B's dashed with triangles). The
//     first mover's offers sit on whole rounds and the second mover's half
//     a round later. Dotted lines mark the reservation values, a star each
//     party's utility of the agreement (with its value), and a dashed
//     vertical line how the run ended. The stars sit at what the agreement
//     is worth to each party as in runs.csv (u_, the facilitator's
//     guarantee included); when a party discounts (a discount factor below
//     1 or a cost per round), its label adds the discounted value ud_
//     ("0.43 (0.19 disc.)"), so that a deal that discounting pushes below
//     the reservation value shows.
//   - utility-space.png, .svg: the negotiation dance (Raiffa 1982) in
//     utility space. Every outcome is a faint grey dot; a space of more
//     than [MaxCloudPoints] outcomes is drawn on a grid, outcomes whose
//     utilities round to the same multiple of 1/400 (1/200, 1/100 if still
//     too many) sharing one dot, so that no region holding an outcome is
//     left out and the SVG stays small; gridding takes memory for the grid
//     and the dots, nothing per outcome. The Pareto frontier is a black
//     line; the Nash, Kalai–Smorodinsky (KS) and maximum-welfare solutions
//     are marked (diamond, square, triangle) and labelled, every tied
//     point of a solution too unless more than three tie (then the legend
//     says how many, "1000 or more" when the list of sim.MaxTies was cut). Each distinct point is marked once: solutions that
//     coincide share one label ("Nash = KS = egalitarian = max. welfare")
//     and their glyphs nest inside each other; the egalitarian solution is
//     named only where it coincides with a marked one; a solution whose
//     tie spans several points says so at each ("max. welfare (tie)");
//     dotted lines are the reservation values; rings show
//     where the agreements of all runs landed (area proportional to their
//     number of runs; agreement points rounded to 0.001, or to 0.01 beyond
//     20,000 distinct points; guarantees included, so a guaranteed
//     agreement may lie beyond the frontier); and the first traced run's
//     offers are drawn in order, each party's joined by a line and fading
//     from faint (early) to solid (late), with the successive texts of a
//     mediator or facilitator (each mediation's first draft and the drafts
//     both parties voted for) in green and the run's agreement as a star.
//   - convergence.png, .svg: the offers of all runs (convergence.csv). One
//     panel per party shows its utility of each offerer's latest offer: the
//     median as a line and the 10–90% band, coloured by offerer (under the
//     single text, the mediator's proposals, accepted or not; with a
//     facilitator, its texts in green where the parties agreed on them,
//     apart from the parties' own offers, which do not jump to the text),
//     with the party's reservation value. A strip below shows the share of runs
//     still negotiating and, with a facilitator, the share that had invited
//     it by each round; a dotted green line in every panel marks the median
//     round of the first invitation.
//   - outcomes.png, .svg: how the runs ended (share of runs by end reason,
//     with 95% Wilson intervals; agreements reached bilaterally in sky
//     blue, those on the facilitator's text in green, the end reasons
//     without agreement in grey), the round of agreement (histogram), and
//     each party's utility of the result (histogram in bins of 0.025,
//     agreements in the party's colour and runs without agreement in grey,
//     stacked). The legend lists only the kinds of marks drawn.
//   - issues.png, .svg: one panel per issue, the share of agreements with
//     each of its options, the option of the Nash solution marked with a
//     diamond. Drawn only when some run agreed.
//
// A categorical sweep value is labelled by its value, not by its YAML:
// null reads "none", a mapping lists its entries ("noise 0.1"), one with
// a type is named by it ("boulware (e 0.2)"). Once a panel is laid out,
// the labels of a categorical axis are fitted to the room of their level:
// wrapped between words (at most three lines, the last shortened only if
// the words do not fit), and labelled every k-th level when the levels
// are too close for even a short label, so that labels never overlap.
//
// # Runs with uncertain assumptions
//
// When the runs drew uncertain assumptions ([Input.Nominal]), every run
// played a negotiation of its own, but a chart has one outcome space to
// draw: the utility-space chart's outcome cloud, frontier and solutions
// are those of the nominal scenario (every uncertain number at its
// median, every choice at its most probable value), and its subtitle says
// "nominal scenario's frontier"; the reservation values of the
// utility-space, convergence and outcomes charts are the nominal ones,
// labelled "(nominal)" in the legend. What was drawn from the runs is
// each run's own: the agreements (each at what it was worth to that
// run's parties), the utilities and rounds of the outcomes chart, the
// convergence bands (each run's offers valued by its own parties), and
// the traced runs of the rounds chart and the utility-space chart, drawn
// with the negotiation each played ([Input.RunNegotiations]): their
// offers, stars and reservation lines are that run's.
//
// Such a run also has the sensitivity chart ([Input.Drivers], drawn from
// the run's sensitivity.csv): "what drives the outcome". One panel per
// outcome (the agreement, 1 or 0 per run; each party's utility; the round
// of agreed runs), each listing the uncertain assumptions, at most the
// eight most influential, sorted by first-order Sobol index: the Sobol
// index as a sky-blue bar with the dashed tick of the value an assumption
// without influence gets from this many runs, the standardised regression
// coefficient as a dark bar with its 95% interval as a whisker, pale when
// the interval includes 0. The subtitle says how the intervals were made
// and that the indices are associations across this scenario's
// distributions, not effects elsewhere. An outcome without any index (the
// same in every run) has no panel.
//
// # Sweep charts
//
// The sweep charts (sweep-agreement, sweep-utility, sweep-metrics,
// heatmap-agreement, heatmap-u_ID and heatmap-ud_ID, sensitivity) follow
// the same house style; which are drawn for which sweep is told with
// results.WriteSweepAnalysis. The heatmaps use the viridis scale (van der
// Walt and Smith 2015), sequential and legible in grey.
//
// # Comparison charts
//
// A comparison (parley compare; [CompareInput]) has three charts, drawn
// in the same house style. The base arm is grey (circles), the variant
// bluish green (triangles): the parties keep blue and vermillion.
//
// compare-differences: one panel per party, the histogram of the paired
// differences of its utility, variant − base, run by run (common random
// numbers), in bins centred on 0 so that the runs whose utility did not
// change have a bar of their own; a dashed line at 0, the mean difference
// as a black line and its 95% paired t interval as an orange band. The
// panel's title gives the mean and the interval, and says "higher" or
// "lower in the variant" only when the interval excludes 0, "no
// detectable difference" when it includes it, "the same in every run"
// when every difference is 0.
//
// compare-space: both arms' agreements in utility space, each valued as
// the run valued it (with uncertain assumptions, each run's own draws),
// over the Pareto frontier: one black line when both arms' frontiers are
// the same, one per arm otherwise (solid grey for the base, dashed green
// for the variant), "nominal" when the arm draws its preferences per run.
// With at most 300 distinct points, markers' areas are proportional to
// their runs; with more, every point is a small translucent dot.
//
// compare-options: for each issue, the share of each arm's agreements
// that chose each option, the base's bar above the variant's. The shares
// are of each arm's own agreements, whose numbers the subtitle gives.
//
// # References
//
//   - Okabe and Ito (2008). Color universal design (CUD): how to make
//     figures and presentations that are friendly to colorblind people.
//   - Raiffa (1982). The Art and Science of Negotiation. Harvard
//     University Press.
//   - van der Walt and Smith (2015). A better default colormap for
//     Matplotlib (viridis). SciPy 2015.
package chart
