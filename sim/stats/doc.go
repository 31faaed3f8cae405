// Package stats holds the statistics parley reports: confidence intervals
// for proportions, means and medians, and the sensitivity indices that say
// how much each input of a model moves an output.
//
// It is a leaf: it imports no other parley package, so that the engine
// (package sim, whose adaptive sweeps stop on interval widths) and the
// packages that record and chart results share one implementation of each
// formula. Every function takes plain numbers and columns (a parameter
// matrix as one slice per input column, an outcome column), never the
// types of a sweep or a run, so that the same estimators serve a parameter
// sweep and the sampled assumptions of a single run alike.
//
// Functions return NaN for a statistic that does not exist and say why in
// an error: too few values wraps [ErrTooFew], an input or output that does
// not vary wraps [ErrConstant]. Callers turn these into warnings.
//
// # Intervals
//
//   - [Wilson], [WilsonScore]: the Wilson score interval for a binomial
//     proportion (Wilson 1927), which keeps its coverage near 0 and 1
//     where the Wald interval fails (Brown, Cai and DasGupta 2001).
//   - [TInterval], [MeanCI]: Student's t interval for a mean (Student
//     1908), with frequency weights.
//   - [MedianCI]: the distribution-free interval for a median from order
//     statistics with binomial coverage (Conover 1999, §3.2; Hollander,
//     Wolfe and Chicken 2014).
//   - [Z]: the two-sided normal critical value of a confidence level.
//   - [WelchInterval], [NewcombeInterval]: two-sample intervals for the
//     difference of two means (Welch 1947) and of two proportions
//     (Newcombe 1998a, the hybrid score interval), each from the samples'
//     summaries: whether two sets of sessions, one recorded elsewhere, can
//     come from the same distribution.
//
// # Paired comparisons
//
//   - [NewcombePaired]: the difference of two proportions measured on the
//     same pairs ([PairedTable]), with method 10 of Newcombe (1998b), the
//     square-and-add interval from the Wilson intervals of the two
//     proportions corrected for their correlation.
//   - [PairedMeanDiff]: the mean of paired differences with the paired t
//     interval (Student 1908).
//
// # Sensitivity
//
//   - [SRC], [FitSRC]: standardised regression coefficients, the linear
//     measure of influence (Saltelli et al. 2008, §1.2.5), with their
//     least-squares standard errors and t intervals (Draper and Smith
//     1998).
//   - [SRCIntervals]: the same fits, for several outputs over the same
//     inputs, with intervals that respect the scale of an SRC: Fisher's z
//     interval of a correlation for one input (Fisher 1921), the
//     percentile bootstrap, seeded and deterministic, for several (Efron
//     and Tibshirani 1993). Parley's sensitivity tables use these.
//   - [SobolFirst], [SobolCategorical]: first-order Sobol indices (Sobol
//     1993; Saltelli et al. 2008) estimated from given data by the binning
//     estimator of Plischke, Borgonovo and Smith (2013), for numeric and
//     categorical inputs; [SobolGroups] gives the bins, [SobolNull] the
//     value an input without influence gets on average.
//
// # References
//
//   - Brown, Cai and DasGupta (2001). Interval estimation for a binomial
//     proportion. Statistical Science 16(2):101–133.
//   - Conover (1999). Practical Nonparametric Statistics, 3rd ed. Wiley.
//   - Draper and Smith (1998). Applied Regression Analysis, 3rd ed. Wiley.
//   - Efron and Tibshirani (1993). An Introduction to the Bootstrap.
//     Chapman and Hall.
//   - Fagerland, Lydersen and Laake (2014). Recommended tests and
//     confidence intervals for paired binomial proportions. Statistics in
//     Medicine 33(16):2850–2875.
//   - Fisher (1921). On the "probable error" of a coefficient of
//     correlation deduced from a small sample. Metron 1:3–32.
//   - Hollander, Wolfe and Chicken (2014). Nonparametric Statistical
//     Methods, 3rd ed. Wiley.
//   - Newcombe (1998a). Interval estimation for the difference between
//     independent proportions: comparison of eleven methods. Statistics in
//     Medicine 17(8):873–890.
//   - Newcombe (1998b). Improved confidence intervals for the difference
//     between binomial proportions based on paired data. Statistics in
//     Medicine 17(22):2635–2650.
//   - Plischke, Borgonovo and Smith (2013). Global sensitivity measures
//     from given data. European Journal of Operational Research
//     226(3):536–550.
//   - Saltelli, Ratto, Andres, Campolongo, Cariboni, Gatelli, Saisana and
//     Tarantola (2008). Global Sensitivity Analysis: The Primer. Wiley.
//   - Sobol (1993). Sensitivity estimates for nonlinear mathematical
//     models. Mathematical Modelling and Computational Experiments
//     1(4):407–414.
//   - Student (1908). The probable error of a mean. Biometrika 6(1):1–25.
//   - Wilson (1927). Probable inference, the law of succession, and
//     statistical inference. Journal of the American Statistical
//     Association 22(158):209–212.
package stats
