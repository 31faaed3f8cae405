// Package genius connects parley to the negotiation community's domain
// files: GENIUS XML (a domain file and one utility-space profile per
// party) and GeniusWeb JSON (a domain file and LinearAdditiveUtilitySpace
// profiles).
//
// Import reads a folder or three files with the semantics of the platform
// that defined them (GENIUS 10.4 and GeniusWeb), not NegMAS's reading,
// into a Domain, and writes an equivalent, commented parley scenario (the
// YAML schema of package scenarios); ReadGenius and ReadGeniusWeb read
// files already in memory; Domain.YAML writes the scenario; Domain.Analyze
// computes the Pareto frontier and bargaining solutions directly from the
// Domain. Export does the reverse: it writes a scenario's negotiation as a
// domain file and two profiles in either format, and says what the format
// cannot state (an error) and what the files leave out (warnings).
//
// GENIUS semantics: profiles match domain issues by index; a discrete
// value is worth its evaluation divided by the largest evaluation of its
// issue in the profile (0 for all when that is below 1e-5); integer
// evaluators are clip01(offset + slope·(x − lowerbound)); real evaluators
// clip01(parameter1·x + parameter0), constant or triangular, on a grid of
// Options.RealSteps points (21, as GENIUS); weights are used as written
// and utility is capped at 1; a discount factor outside (0, 1] means
// none; a missing reservation value is 0. Discrete values are identified
// by their exact string, and duplicates are kept as GENIUS keeps them.
//
// GeniusWeb semantics: both key styles (DiscreteValueSetUtilities or
// discreteutils, NumberValueSetUtilities or numberutils); value utilities
// as given; number utilities interpolated and rounded half up to 8
// decimals; the reservation value is the utility of the reservation bid.
//
// The converted scenario reproduces these utilities exactly (every
// weight and evaluation is written in its shortest exact form), except
// where parley's model differs: weights that do not sum to 1 are divided
// by their sum (GENIUS uses them as written and caps utility at 1); a
// GENIUS discount d becomes d^(1/(deadline+1)) per round, one step of
// GENIUS's round clock t = round/(deadline+1) (PerRoundDiscount);
// parley does not discount reservation values unless the scenario asks
// for it. Each difference is reported as a warning and written in the
// scenario's comments. README.md describes both formats element by
// element, the mapping in both directions and the test corpus.
//
// Readers never panic on any input. Files larger than MaxFileSize, and
// inputs beyond MaxElements, MaxDepth, MaxIssues, MaxValues or MaxOutcomes
// are refused with errors wrapping ErrTooLarge; XML entities other than
// the five predefined ones and character references are never expanded.
// Every mistake is reported at once as an ErrorList of *Error with file,
// line and column (the error type of package scenarios); failures to read
// a file are not *Error, so that callers can tell the two apart.
package genius
