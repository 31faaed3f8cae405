// Package sim is parley's model and engine: issues and the outcome space,
// additive preferences precomputed into utility tables, the strategy
// interface, the alternating-offers protocol, one negotiation session, and
// the batch runner that plays many seeded sessions in parallel.
//
// sim imports none of parley's other packages but the leaf statistics
// package sim/stats (the intervals of adaptive sweeps). Strategies live in
// package agents and plug in through the small interfaces defined here
// ([Strategy], [Maker]); scenario files are read and validated by package
// scenarios, which hands sim a [Negotiation] it can trust.
//
// # Theory
//
// README.md in this folder states the theory the engine rests on, with
// its literature: the alternating-offers (Rubinstein 1982; Aydoğan et al.
// 2017), monotonic-concession (Rosenschein and Zlotkin 1994) and
// single-negotiating-text (Raiffa 1982; Klein et al. 2003) protocols and
// their known outcomes, breakdown risk (Binmore, Rubinstein and Wolinsky
// 1986), the bargaining solutions of [Solve] with worked examples, the
// closed-form results the tests use as oracles, and the facilitator model
// of [Facilitator].
//
// Optional abilities of a strategy are found by type assertion: an
// [Explainer] says why it moved; a [Requester] decides itself when to ask
// for the facilitator's help and a [Voter] casts its own votes on the
// facilitator's texts, as a person playing a party does (agents.Human,
// parley serve), where other strategies ask by the scenario's triggers and
// vote by their utility.
//
// # Randomness
//
// Randomness is passed in, never global. Run i of a batch plays with the
// seed [RunSeed](master, i), and within a run every consumer of randomness
// has a stream of its own ([NewRand] of the run's seed and its [Role]): the
// protocol, each party, the facilitator. The uncertain assumptions of a
// scenario (fields given as distributions) draw from [RoleAssumptions], one
// stream per assumption keyed by the field's path ([AssumptionRand],
// [AssumptionUniform]): adding, removing or changing one uncertain field
// never shifts another field's draws, nor the parties' or the protocol's.
//
// Comparisons and sweeps use common random numbers (Law and Kelton): run i
// of both arms of a [Paired] comparison, and replication r of every point
// of a [Sweep], play with the seed of run i (or r) of a batch, so that they
// share every draw their negotiations do not change, and differences
// between arms or points are effects, not noise.
//
// # Runs that play negotiations of their own
//
// A batch or sweep normally plays one negotiation, shared read-only by its
// workers. When a scenario's assumptions are uncertain, every run plays a
// negotiation of its own: each worker has a [Sampler] that draws the run's
// assumptions and rebuilds one negotiation in place ([Utility.Rebuild]),
// and the worker measures the run against that negotiation's own analysis
// ([Analyzer], [Analysis.Measure]), so that the result carries what the
// caller needs (Result.Draw, Result.Metrics) and no per-run negotiation
// outlives its run. Without a sampler nothing changes, and the per-round
// path of a session allocates nothing either way.
package sim
