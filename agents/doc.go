// Package agents is parley's catalogue of negotiation strategies. Each
// strategy is described by an [Info]: its name, a one-line summary, the rule
// in a few sentences, a citation, its parameters with defaults and bounds,
// and a constructor that turns validated [Params] into a [sim.Maker].
//
// The catalogue holds the time-dependent family of Faratin, Sierra and
// Jennings (1998) as implemented by GENIUS's TimeDependentAgent and by
// NegMAS's time-based negotiators: the generic "time-dependent" strategy
// and its presets "boulware", "linear", "conceder" and "hardliner". Their
// acceptance condition is a separate, composable part chosen by the
// "acceptance" parameter: AC_next, AC_const, AC_time and AC_combi of
// Baarslag, Hindriks and Jonker (2014), or "target" (accept what meets the
// current target, as NegMAS does). Every condition is combined with "the
// offer is worth at least my reservation value".
//
// Two exponent conventions exist in the literature and in the tools, and
// they are reciprocal: GENIUS and Faratin et al. concede by f(t) = t^(1/e)
// (Boulware e = 0.2), NegMAS by t^e (Boulware e = 4). The "convention"
// parameter selects one; with convention "negmas" the strategies reproduce
// NegMAS's time-based negotiators turn by turn. README.md in this folder
// documents every strategy, formula and default with a worked example.
//
// Strategies allocate nothing while they play: Propose and Respond reuse the
// state built when the session starts.
package agents
