// Package narrate tells negotiations in plain words. It returns text (to
// an io.Writer) and writes no file: package results writes the transcript
// of a run folder (results.TranscriptFile) and the command line prints the
// rest.
//
//   - [Run] tells one traced run round by round: who offered what, by the
//     labels of the options, what each offer is worth to each side and how
//     much its author conceded, the strategies' own explanations
//     (sim.Explainer), the facilitator's invitations, drafts, votes and
//     guarantees, and how the run ended against the Nash point and the
//     reservation values. Quiet and steady stretches are condensed into
//     one line each ([Options]); with Options.Color the parties, the
//     facilitator and the headings are coloured for a terminal.
//   - [Play.WriteSummary] is the end of a session of parley play: the
//     outcome, each side's utility beside the Nash point's, what an agent
//     in the human's place obtained with the same seed, and the utility
//     space drawn as text. [Play.EndNote], [OutcomeLine], [WriteOutcome],
//     [OptionLabel], [IssueLabel] and [Delayed] are the wording the
//     interactive player shares with it.
//   - [Plural] is the one pluraliser of parley's texts, charts and command
//     line ("1 run", "3 runs").
//
// Rounds count from 0 everywhere, as in package sim and the tables of
// package results; utilities are written with two or three decimals.
package narrate
