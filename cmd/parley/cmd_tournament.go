package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

const tournamentUsage = `Usage: parley tournament [TOURNAMENT] [flags]

Play an ANAC-style round robin: every agent meets every other, in both
roles (party A and party B of each domain), on every domain, for a number
of repetitions. TOURNAMENT is a tournament file (YAML; see the README,
"Tournaments") or the name of a built-in tournament (below); without it,
--agents and --domains give a quick one.

Agents are strategy names ('parley agents' lists them) or one-line YAML
mappings with parameters and an optional label, such as
'{type: time-dependent, e: 0.5}'. Domains are built-in scenarios' names,
scenario files, or GENIUS and GeniusWeb domain folders. Each domain's own
parties play with the agents' strategies: its utilities, reservation
values, discounting and protocol stay.

Written into the output folder as the negotiations finish, in a
deterministic order:

  manifest.json     version, platform, resolved tournament and domains,
                    fingerprint; "complete" once every pairing was played
  runs.csv          one row per negotiation: domain, agent_A, agent_B,
                    repetition, seed, how it ended, the agreement, each
                    side's utility (raw and discounted), welfare, distances
                    to the Pareto frontier and the Nash point, ...
  points.csv        one row per (domain, agent A, agent B): agreement rate
                    and mean utilities, with 95% intervals
  agents.csv        one row per agent: mean utility overall, as A and as B,
                    agreement rate, welfare, distances, rounds (95% t and
                    Wilson intervals, n)
  ranking.csv       agents by mean utility, as ANAC ranks them, with the
                    ranks their intervals allow (rank_best, rank_worst)
  matchups.csv      each agent against each opponent
  charts            tournament-ranking, tournament-matchups

Repetition r of every pairing plays with the seed of run r of 'parley
run' (common random numbers), so the folder is byte-identical for any
number of workers, after --resume and after 'parley merge' of shards.

Flags:
  --agents LIST      the agents of a quick tournament, comma-separated
                     (commas inside {...} belong to the agent)
  --domains LIST     the domains of a quick tournament, comma-separated
  --reps N           repetitions of each pairing on each domain (default:
                     the file's, or 10)
  --deadline N       play every domain with a deadline of N rounds
                     (default: the file's, or each domain's own)
  --self-play        let each agent meet itself too
  --seed N           master seed (default: the file's, or 1)
  --out DIR          output folder (default: out/<tournament name>, or
                     out/<name>-shard-I-of-N with --shard)
  --workers W        negotiations played at once, at most 1024 (default:
                     all cores)
  --shard I/N        play only the pairings p with p mod N = I, for one
                     machine of N; join the N folders with 'parley merge'
  --resume           continue an interrupted tournament in the output
                     folder from its last checkpoint
  --checkpoint D     the least time between two checkpoints, such as 10s
                     (default 1s; 0 checkpoints after every pairing)
  --force            accept a tournament above the limit of 100 million
                     negotiations
  --no-charts        write the tables but no charts
  --quiet            print nothing on success

Ctrl-C (or SIGTERM) stops at once and leaves a consistent folder; rerun
the same command with --resume to continue.

Exit codes: 0 success, 1 failure (worth retrying), 2 bad input: a wrong
tournament file or flag, an output folder holding something else.

Built-in tournaments:
BUILTIN_TOURNAMENTS

Examples:
  parley tournament --agents boulware,conceder,hardheaded --domains used-car,bench-3x10 --reps 10 --out out/quick
  parley tournament --agents 'boulware,{type: time-dependent, e: 0.5, label: tough}' --domains used-car --reps 5 --out out/labelled
  parley tournament time-dependent --reps 4 --out out/td
  parley report out/td -o td.html
`

// tournamentHelp returns the help of parley tournament, with the built-in
// tournaments.
func tournamentHelp() string {
	return strings.Replace(tournamentUsage, "BUILTIN_TOURNAMENTS\n", entryList(scenarios.BuiltinTournaments()), 1)
}

// splitList splits a comma-separated list of agents or domains, keeping
// the commas inside braces and brackets (an agent's YAML mapping) and
// trimming the spaces around each item.
func splitList(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

func cmdTournament(ctx context.Context, args []string, e env) error {
	help := tournamentHelp()
	fs := newFlagSet("tournament", help, e.stdout)
	var (
		agentsFlag  = fs.String("agents", "", "")
		domainsFlag = fs.String("domains", "", "")
		reps        = fs.Int("reps", 0, "")
		deadline    = fs.Int("deadline", 0, "")
		selfPlay    = fs.Bool("self-play", false, "")
		seed        = fs.Uint64("seed", 0, "")
		out         = fs.String("out", "", "")
		workers     = fs.Int("workers", 0, "")
		shardFlag   = fs.String("shard", "", "")
		resume      = fs.Bool("resume", false, "")
		every       = fs.Duration("checkpoint", time.Second, "")
		force       = fs.Bool("force", false, "")
		noCharts    = fs.Bool("no-charts", false, "")
		quiet       = fs.Bool("quiet", false, "")
	)
	pos, err := parseFlags(fs, args, help, e.stdout)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	quick := given["agents"] || given["domains"]
	switch {
	case len(pos) > 1:
		return usagef("tournament: want at most one TOURNAMENT, got %d (run 'parley help tournament')", len(pos))
	case len(pos) == 1 && quick:
		return usagef("tournament: give a TOURNAMENT file or --agents and --domains, not both")
	case len(pos) == 0 && !(given["agents"] && given["domains"]):
		return usagef("tournament: give a TOURNAMENT file, or --agents and --domains for a quick one (run 'parley help tournament')")
	case *workers < 0 || *workers > sim.MaxWorkers:
		return usagef("tournament: --workers %d outside [0, %d] (0 means one per core)", *workers, sim.MaxWorkers)
	case given["reps"] && (*reps < 1 || *reps > sim.MaxRuns):
		return usagef("tournament: --reps %d outside [1, %d]", *reps, sim.MaxRuns)
	case given["deadline"] && (*deadline < 1 || *deadline > scenarios.MaxDeadline):
		return usagef("tournament: --deadline %d outside [1, %d]", *deadline, scenarios.MaxDeadline)
	}
	shard, shards := 0, 1
	if given["shard"] {
		if shard, shards, err = parseShard(*shardFlag); err != nil {
			return err
		}
	}
	o := scenarios.TournamentOptions{Force: *force, Repetitions: *reps, Deadline: *deadline}
	if given["seed"] {
		o.Seed = seed
	}
	if given["self-play"] {
		o.SelfPlay = selfPlay
	}
	// PARLEY_MAX_RUNS caps the repetitions: the file's or the flag's.
	var t *scenarios.Tournament
	load := func() error { // building domains of millions of outcomes takes seconds: Ctrl-C stops it
		t, err = interruptible(ctx, "loading the tournament", func() (*scenarios.Tournament, error) {
			if quick {
				return scenarios.QuickTournament(splitList(*agentsFlag), splitList(*domainsFlag), o)
			}
			return scenarios.LoadTournament(pos[0], o)
		})
		return err
	}
	if err := load(); err != nil {
		return reportInput(e, err)
	}
	capped, err := e.capRuns(t.Repetitions, "repetitions per pairing")
	if err != nil {
		return err
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	if *every < 0 {
		return usagef("tournament: --checkpoint %v: want a duration of 0 or more", *every)
	}
	if capped != t.Repetitions {
		o.Capped = capped
		if err := load(); err != nil {
			return reportInput(e, err)
		}
	}
	printWarnings(e.stderr, t.Warnings)
	for _, d := range t.Domains {
		for _, w := range d.Scenario.Warnings {
			printWarnings(e.stderr, []error{fmt.Errorf("domain %s: %w", d.Label, w)})
		}
	}
	facilitated := false
	for _, d := range t.Domains {
		facilitated = facilitated || d.Scenario.Negotiation.Facilitator != nil
	}
	m := results.SweepManifest{
		Version:      e.version,
		GoVersion:    runtime.Version(),
		OS:           runtime.GOOS,
		Arch:         runtime.GOARCH,
		Sweep:        t.Name,
		SweepYAML:    string(t.Resolved),
		ScenarioYAML: t.DomainsYAML(),
		Fingerprint:  t.Fingerprint(),
		Design:       results.TournamentDesign,
		Parameters:   results.TournamentParameters,
		Points:       t.Points(),
		Replications: t.Repetitions,
		Seed:         t.Seed,
		Shard:        shard,
		Shards:       shards,
	}
	dir := sweepFolder(*out, t.Name, shard, shards)
	rec, err := results.NewTournamentRecorder(dir, m, facilitated, t.Values, results.SweepRecorderOptions{Resume: *resume, NoCharts: *noCharts, DPI: dpi, Checkpoint: checkpointEvery(*every)})
	rp := recordedPlay{command: "tournament", unit: "pairing", runs: "negotiations", name: t.Name, dir: dir, args: args, resume: *resume, quiet: *quiet}
	if done, err := rp.opened(ctx, e, rec, err); done || err != nil {
		return err
	}
	run := recordedSweep(m, rec, *workers)
	run.Build = t.Build
	warned, err := playRecorded(ctx, e, &run, rec, rp)
	if err != nil {
		return err
	}
	if *quiet {
		return nil
	}
	fmt.Fprintf(e.stdout, "%s: %d agents, %d domains, %d pairings%s, %d negotiations, seed %d, written to %s\n",
		t.Name, len(t.Agents), len(t.Domains), m.Points, shardNote(m), rec.Manifest().Runs, m.Seed, dir)
	if shards == 1 {
		if err := printRanking(e, dir); err != nil {
			return err
		}
	}
	printWarnings(e.stderr, rec.Warnings()[warned:])
	return nil
}

// printRanking prints the ranking of the tournament folder dir.
func printRanking(e env, dir string) error {
	t, err := results.ReadTournament(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%-5s %-32s %-24s %s\n", "rank", "agent", "mean utility (95% CI)", "agreements")
	for _, r := range t.Ranking() {
		a := &t.Agents[r.Agent]
		ci := "n/a"
		switch {
		case !math.IsNaN(r.Lo):
			ci = fmt.Sprintf("%.3f [%.3f, %.3f]", r.Mean, r.Lo, r.Hi)
		case !math.IsNaN(r.Mean):
			ci = fmt.Sprintf("%.3f", r.Mean)
		}
		rank := strconv.Itoa(r.Rank)
		if r.Best != r.Worst {
			rank += fmt.Sprintf(" (%d–%d)", r.Best, r.Worst)
		}
		fmt.Fprintf(e.stdout, "%-10s %-32s %-24s %d/%d\n", rank, a.Label, ci, a.Agreements, a.Negotiations)
	}
	fmt.Fprintln(e.stdout, "\n(rank_best–rank_worst: the ranks the 95% intervals allow; see ranking.csv)")
	return nil
}
