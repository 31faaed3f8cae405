// Package sweep reads the points of a finished parameter sweep
// (points.csv and the manifest of its folder, which package results
// writes) and measures how much each parameter influences each outcome
// metric.
//
// [Read] turns the two files into [Data]: the parameters, numeric or
// categorical, with their distinct values, and each point's agreement
// rate and metric means with their intervals. [Analyse] gives, for every
// metric, each parameter's standardised regression coefficient with its
// interval and its first-order Sobol index estimated from the given points
// ([Sensitivity], [Effect]; the estimators are those of package
// sim/stats). Package results writes the analysis as sensitivity.csv and
// package results/chart draws both; the file formats are documented with
// results.WriteSweepAnalysis.
//
// The package imports sim/stats and no other parley package.
package sweep
