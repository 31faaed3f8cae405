// Package agents is parley's catalogue of negotiation strategies. Each
// strategy is described by an [Info]: its name, a one-line summary, the rule
// in a few sentences, a citation, its parameters with defaults and bounds,
// and a constructor that turns validated [Params] into a [sim.Maker].
//
// The catalogue holds:
//
//   - the time-dependent family of Faratin, Sierra and Jennings (1998) as
//     implemented by GENIUS's TimeDependentAgent and by NegMAS's time-based
//     negotiators: "time-dependent" and its presets "boulware", "linear",
//     "conceder" and "hardliner", in GENIUS's exponent convention or
//     NegMAS's (they are reciprocal: GENIUS's Boulware e = 0.2 is NegMAS's
//     4), and NegMAS's AspirationNegotiator, "aspiration";
//   - "patience", the time-dependent tactic on a clock that ends at the
//     party's effective horizon, where its best outcome discounted by its
//     discount factor and perceived breakdown risk, δ(1 − p) a round
//     (Binmore, Rubinstein and Wolinsky 1986), falls to its reservation
//     value: the less patient side concedes sooner;
//   - "brw-demand", which demands at each offer the proposer's share of
//     the finite-horizon equilibrium of alternating offers with
//     discounting and breakdown (Rubinstein 1982; Ståhl 1972; Binmore,
//     Rubinstein and Wolinsky 1986) for the offers left, scaled from its
//     reservation value to its best outcome;
//   - Faratin et al.'s behaviour-dependent tactics, applied to utilities:
//     "tft-relative", "tft-random" and "tft-averaged";
//   - the MiCRO benchmark strategy of de Jonge (2022), "micro";
//   - four ANAC winners and a finalist, from their published rules and
//     constants: "hardheaded", "agentk", "cuhkagent", "atlas3" and
//     "nice-tft";
//   - two equilibrium agents used as test oracles: "rubinstein", the
//     subgame-perfect equilibrium of alternating offers for the scenario's
//     discount factors, costs, breakdown risk and deadline, in parley's
//     round-discounted game or in the textbook game where every offer is a
//     period; and "zeuthen", Zeuthen's strategy for the monotonic concession
//     protocol.
//
// Acceptance conditions are a separate, composable part chosen by the
// "acceptance" parameter: AC_next, AC_const, AC_time and AC_combi of
// Baarslag, Hindriks and Jonker (2014), "target", or the agent's own rule.
// Opponent models (HardHeaded's frequency model, Hindriks and Tykhonov's
// Bayesian model, or the party's perception of the opponent) are chosen by
// "opponent_model".
//
// The strategies that come from a platform take a "convention": parley's
// own (the default: the published rule, never below the reservation
// value, ties broken by the lowest outcome index), "genius" (GENIUS
// 9.1.10 exactly, its floating-point utilities, tie order and agents' data
// structures included) or "negmas" (NegMAS 0.15.7 exactly). The platform
// conventions are checked against sessions recorded from the platforms
// (testdata/).
//
// Every strategy draws randomness only from its own stream and allocates
// nothing while it plays: Propose and Respond reuse the state built when
// the session starts. In parley's convention no strategy offers or accepts
// less than its reservation value. README.md in this folder documents
// every strategy, formula, constant and default, with the sources, where
// parley departs from the published agents and what was checked against
// GENIUS and NegMAS.
package agents
