package results

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/sim/stats"
)

// The tables WriteTournamentAnalysis writes into a tournament folder.
const (
	// AgentsFile holds one row per agent: its utilities, agreement rate,
	// welfare, distances and rounds over all its negotiations, with 95%
	// intervals.
	AgentsFile = "agents.csv"
	// RankingFile holds the agents ranked by mean individual utility, with
	// the ranks their 95% intervals allow.
	RankingFile = "ranking.csv"
	// MatchupsFile holds one row per agent and opponent: how the agent
	// fared against that opponent.
	MatchupsFile = "matchups.csv"
)

// TournamentAnalysisOptions configures WriteTournamentAnalysis. The zero
// value works.
type TournamentAnalysisOptions struct {
	// NoCharts writes the tables only.
	NoCharts bool
	// DPI is the resolution of the PNG charts, as Options.DPI.
	DPI int
}

// WriteTournamentAnalysis reads the manifest.json and runs.csv of the
// tournament folder dir (see NewTournamentRecorder) and writes, into the
// same folder, agents.csv, ranking.csv, matchups.csv and, unless
// o.NoCharts, the tournament charts (PNG at chart.DPI and SVG). It returns
// its warnings for the caller to show. It reads runs.csv as a stream, a
// row at a time, so memory grows with the number of agents, not of
// negotiations; the files depend on nothing but runs.csv and the manifest,
// so a tournament played on one machine and the same tournament merged
// from shards get the same bytes.
//
// Each negotiation gives each of its two agents one observation: the
// agent's utility, its discounted utility, whether they agreed, the
// negotiation's welfare and, when they agreed, the round and the distances
// of the agreement to the Pareto frontier and to the Nash point. An agent
// that meets itself (self_play) is observed twice in such a negotiation,
// once per role. Agents come in the order they first appear in runs.csv,
// which is the tournament file's. Means have 95% Student t intervals,
// rates 95% Wilson intervals; they treat the negotiations as independent,
// which they are not quite (an agent's negotiations share its opponents
// and domains, and repetition r of every pairing shares its random
// numbers), so read them as a guide to the noise of the repetitions.
//
// agents.csv has the columns
//
//	agent, negotiations, utility_mean, utility_lo, utility_hi,
//	utility_A_mean, utility_A_lo, utility_A_hi, utility_B_mean,
//	utility_B_lo, utility_B_hi, discounted_mean, discounted_lo,
//	discounted_hi, agreements, agreement_rate, agreement_rate_lo,
//	agreement_rate_hi, welfare_mean, welfare_lo, welfare_hi,
//	dist_pareto_mean, dist_pareto_lo, dist_pareto_hi, dist_nash_mean,
//	dist_nash_lo, dist_nash_hi, round_mean, round_lo, round_hi
//
// where utility is over every negotiation of the agent and utility_A
// (utility_B) over those in which it played party A (B).
//
// ranking.csv ranks the agents as ANAC did, by mean individual utility
// (utility_mean of agents.csv), best first, with the columns
//
//	rank, agent, utility_mean, utility_lo, utility_hi, negotiations,
//	rank_best, rank_worst
//
// rank is the competition rank (1 + the number of agents with a larger
// mean: equal means share a rank, and agents of equal rank are listed by
// name). A difference of means smaller than the noise is no finding, so
// rank_best and rank_worst give the ranks the 95% intervals allow: an
// agent is surely behind another only when its interval lies wholly
// below the other's, so rank_best is 1 + the number of agents whose
// interval lies wholly above its own, and rank_worst the number of agents
// minus those whose interval lies wholly below. Where the two differ, the
// agent's place is not settled by the tournament; play more repetitions.
// (Non-overlap of two 95% intervals is a conservative test: agents whose
// intervals overlap a little may still differ.)
//
// matchups.csv has one row per agent and opponent that met, agents in the
// order of agents.csv and opponents likewise, with the columns
//
//	agent, opponent, negotiations, agreement_rate, agreement_rate_lo,
//	agreement_rate_hi, utility_mean, utility_lo, utility_hi,
//	opponent_utility_mean
//
// over the negotiations between the two, in both roles and on every
// domain; utility is the agent's, opponent_utility the opponent's.
//
// The charts are tournament-ranking (each agent's mean utility with its
// 95% interval, best first) and tournament-matchups (a heat map of the
// mean utility of each agent, a row, against each opponent, a column).
func WriteTournamentAnalysis(dir string, o TournamentAnalysisOptions) (warnings []error, err error) {
	return WriteTournamentAnalysisContext(context.Background(), dir, o)
}

// WriteTournamentAnalysisContext is WriteTournamentAnalysis, stopped when
// ctx is done: the charts' drawing checks ctx as it goes, and once ctx is
// done it returns ctx's error (wrapped) having written nothing.
//
// It holds the folder's lock exclusively while it reads and writes, as
// the writers of a run or sweep folder do: a folder locked by another
// process is refused with an error wrapping atomicfile.ErrLocked, before
// anything is read. What interrupted writers left in the folder is
// removed first.
func WriteTournamentAnalysisContext(ctx context.Context, dir string, o TournamentAnalysisOptions) (warnings []error, err error) {
	lock, err := atomicfile.LockWriter(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	return writeTournamentAnalysis(ctx, dir, o)
}

// writeTournamentAnalysis is WriteTournamentAnalysisContext for a caller
// that holds the folder's lock.
func writeTournamentAnalysis(ctx context.Context, dir string, o TournamentAnalysisOptions) (warnings []error, err error) {
	t, err := ReadTournament(dir)
	if err != nil {
		return nil, err
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, tb := range []struct {
		name  string
		write func(*csv.Writer) error
	}{{AgentsFile, t.writeAgents}, {RankingFile, t.writeRanking}, {MatchupsFile, t.writeMatchups}} {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := tb.write(w); err != nil {
			return nil, fmt.Errorf("writing %s: %w", tb.name, err)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("writing %s: %w", tb.name, err)
		}
		files = append(files, file{tb.name, b.Bytes()})
	}
	if !o.NoCharts {
		figs, warns := chart.TournamentCharts(t.chartData())
		warnings = append(warnings, warns...)
		for _, f := range figs {
			png, svg, err := f.Render(ctx, o.DPI)
			if err != nil {
				return warnings, fmt.Errorf("drawing the %s chart: %w", f.Name, err)
			}
			files = append(files, file{f.Name + ".png", png}, file{f.Name + ".svg", svg})
		}
	}
	if err := ctx.Err(); err != nil {
		return warnings, fmt.Errorf("writing the analysis of %s: %w", dir, err)
	}
	for _, f := range files {
		err := atomicfile.WriteFile(filepath.Join(dir, f.name), func(w io.Writer) error { _, err := w.Write(f.data); return err })
		if err != nil {
			return warnings, err
		}
	}
	return warnings, nil
}

// Tournament is what WriteTournamentAnalysis computes from a tournament
// folder: the statistics of every agent and of every pairing.
type Tournament struct {
	// Manifest is the folder's manifest.
	Manifest SweepManifest
	// Agents are the agents' statistics, in the order they first appear
	// in runs.csv.
	Agents []TournamentAgent
	// Domains are the domains' labels, in the order they first appear.
	Domains []string
	// Runs is the number of negotiations read.
	Runs int

	matchups map[[2]int]*matchup
}

// TournamentAgent is one agent's statistics over all its negotiations.
type TournamentAgent struct {
	// Label is the agent's label.
	Label string
	// Negotiations is the number of sides it played (twice per
	// negotiation against itself).
	Negotiations int
	// Agreements is the number of those that agreed.
	Agreements int

	utility, role                        [2]welford // overall and discounted; as A and as B
	welfare, distPareto, distNash, round welford
}

// Utility returns the agent's mean utility over all its negotiations and
// its 95% t interval (NaN bounds with fewer than two).
func (a *TournamentAgent) Utility() (mean, lo, hi float64) { return a.utility[0].interval() }

// matchup is what an agent got against one opponent.
type matchup struct {
	n, agreed int
	utility   welford
	opponent  welford
}

// ReadTournament reads the tournament folder dir (manifest.json and
// runs.csv) and computes its statistics, as WriteTournamentAnalysis does.
func ReadTournament(dir string) (*Tournament, error) {
	m, err := ReadSweepManifest(dir)
	if err != nil {
		return nil, err
	}
	if m.Design != TournamentDesign {
		return nil, fmt.Errorf("%s holds a sweep (design %s), not a tournament", dir, m.Design)
	}
	f, err := os.Open(filepath.Join(dir, RunsFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &Tournament{Manifest: m, matchups: map[[2]int]*matchup{}}
	if err := t.read(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, RunsFile), err)
	}
	return t, nil
}

// read reads the rows of runs.csv.
func (t *Tournament) read(r io.Reader) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("the header: %w", err)
	}
	want := []string{"domain", "agent_A", "agent_B", "agreed", "round", "u_A", "u_B", "ud_A", "ud_B", "welfare", "dist_pareto", "dist_nash"}
	col := make([]int, len(want))
	for i, name := range want {
		if col[i] = slices.Index(header, name); col[i] < 0 {
			return fmt.Errorf("no column %s: not the runs.csv of a tournament", name)
		}
	}
	const (
		cDomain = iota
		cA
		cB
		cAgreed
		cRound
		cUA
		cUB
		cUdA
		cUdB
		cWelfare
		cDistPareto
		cDistNash
	)
	index := map[string]int{}
	domains := map[string]bool{}
	agent := func(label string) int {
		k, ok := index[label]
		if !ok {
			k = len(t.Agents)
			index[label] = k
			t.Agents = append(t.Agents, TournamentAgent{Label: label})
		}
		return k
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		num := func(c int) (float64, error) {
			s := rec[col[c]]
			if s == "" {
				return math.NaN(), nil
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("line %d: column %s: %q is not a finite number", line, want[c], s)
			}
			return v, nil
		}
		var v [12]float64
		for _, c := range []int{cRound, cUA, cUB, cUdA, cUdB, cWelfare, cDistPareto, cDistNash} {
			if v[c], err = num(c); err != nil {
				return err
			}
		}
		agreed, err := strconv.ParseBool(rec[col[cAgreed]])
		if err != nil {
			return fmt.Errorf("line %d: column agreed: %q is not true or false", line, rec[col[cAgreed]])
		}
		if d := rec[col[cDomain]]; !domains[d] {
			domains[d] = true
			t.Domains = append(t.Domains, d)
		}
		ab := [2]int{agent(rec[col[cA]]), agent(rec[col[cB]])}
		t.Runs++
		for role, k := range ab {
			a := &t.Agents[k]
			u, ud, uo := v[cUA], v[cUdA], v[cUB]
			if role == 1 {
				u, ud, uo = v[cUB], v[cUdB], v[cUA]
			}
			a.Negotiations++
			a.utility[0].add(u)
			a.utility[1].add(ud)
			a.role[role].add(u)
			a.welfare.add(v[cWelfare])
			if agreed {
				a.Agreements++
				a.round.add(v[cRound])
				a.distPareto.add(v[cDistPareto])
				a.distNash.add(v[cDistNash])
			}
			key := [2]int{k, ab[1-role]}
			mu := t.matchups[key]
			if mu == nil {
				mu = &matchup{}
				t.matchups[key] = mu
			}
			mu.n++
			if agreed {
				mu.agreed++
			}
			mu.utility.add(u)
			mu.opponent.add(uo)
		}
	}
}

// interval returns the mean and its 95% t interval; NaN where undefined.
func (w *welford) interval() (mean, lo, hi float64) {
	nan := math.NaN()
	mean, lo, hi = nan, nan, nan
	if w.n > 0 {
		mean = w.mean
	}
	if w.n > 1 {
		lo, hi = stats.TInterval(w.mean, math.Sqrt(max(w.m2, 0)/float64(w.n-1)), float64(w.n), 0.95)
	}
	return mean, lo, hi
}

// rateCells returns the rate k/n and its 95% Wilson interval as cells.
func rateCells(k, n int) []string {
	if n == 0 {
		return []string{"", "", ""}
	}
	lo, hi := stats.Wilson(k, n, stats.Z(0.95))
	return []string{formatFloat(float64(k) / float64(n)), formatFloat(lo), formatFloat(hi)}
}

func (t *Tournament) writeAgents(w *csv.Writer) error {
	header := []string{"agent", "negotiations"}
	for _, m := range []string{"utility", "utility_A", "utility_B", "discounted"} {
		header = append(header, m+"_mean", m+"_lo", m+"_hi")
	}
	header = append(header, "agreements", "agreement_rate", "agreement_rate_lo", "agreement_rate_hi")
	for _, m := range []string{"welfare", "dist_pareto", "dist_nash", "round"} {
		header = append(header, m+"_mean", m+"_lo", m+"_hi")
	}
	if err := w.Write(header); err != nil {
		return err
	}
	for i := range t.Agents {
		a := &t.Agents[i]
		row := []string{a.Label, strconv.Itoa(a.Negotiations)}
		row = append(row, a.utility[0].cells()...)
		row = append(row, a.role[0].cells()...)
		row = append(row, a.role[1].cells()...)
		row = append(row, a.utility[1].cells()...)
		row = append(row, strconv.Itoa(a.Agreements))
		row = append(row, rateCells(a.Agreements, a.Negotiations)...)
		for _, m := range []*welford{&a.welfare, &a.distPareto, &a.distNash, &a.round} {
			row = append(row, m.cells()...)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// TournamentRank is one row of the ranking.
type TournamentRank struct {
	// Rank is the competition rank by mean utility (1 is best).
	Rank int
	// Agent is the index of the agent in Tournament.Agents.
	Agent int
	// Mean, Lo and Hi are the agent's mean utility and its 95% interval.
	Mean, Lo, Hi float64
	// Best and Worst are the ranks the 95% intervals allow.
	Best, Worst int
}

// Ranking returns the agents ranked by mean utility, best first (see
// WriteTournamentAnalysis): agents with equal means share a rank and are
// listed by label, and agents without a mean come last.
func (t *Tournament) Ranking() []TournamentRank {
	rows := make([]TournamentRank, len(t.Agents))
	labels := make([]string, len(t.Agents))
	for i := range t.Agents {
		m, lo, hi := t.Agents[i].Utility()
		rows[i] = TournamentRank{Agent: i, Mean: m, Lo: lo, Hi: hi}
		labels[i] = t.Agents[i].Label
	}
	rank(rows, labels)
	return rows
}

// rank sorts rows by mean, best first (equal means by label, no mean
// last), and sets their ranks; labels[r.Agent] is the label of row r.
func rank(rows []TournamentRank, labels []string) {
	// NaN sorts last: compare as -Inf.
	key := func(v float64) float64 {
		if math.IsNaN(v) {
			return math.Inf(-1)
		}
		return v
	}
	slices.SortStableFunc(rows, func(a, b TournamentRank) int {
		return cmp.Or(cmp.Compare(key(b.Mean), key(a.Mean)), cmp.Compare(labels[a.Agent], labels[b.Agent]))
	})
	for i := range rows {
		r := &rows[i]
		r.Rank = 1
		r.Best, r.Worst = 1, len(rows)
		for j, o := range rows {
			if j == i {
				continue
			}
			if key(o.Mean) > key(r.Mean) {
				r.Rank++
			}
			if o.Lo > r.Hi { // NaN compares false: no interval, no claim
				r.Best++
			}
			if o.Hi < r.Lo {
				r.Worst--
			}
		}
	}
}

func (t *Tournament) writeRanking(w *csv.Writer) error {
	if err := w.Write([]string{"rank", "agent", "utility_mean", "utility_lo", "utility_hi", "negotiations", "rank_best", "rank_worst"}); err != nil {
		return err
	}
	for _, r := range t.Ranking() {
		a := &t.Agents[r.Agent]
		if err := w.Write([]string{strconv.Itoa(r.Rank), a.Label, formatFloat(r.Mean), formatFloat(r.Lo), formatFloat(r.Hi),
			strconv.Itoa(a.Negotiations), strconv.Itoa(r.Best), strconv.Itoa(r.Worst)}); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tournament) writeMatchups(w *csv.Writer) error {
	if err := w.Write([]string{"agent", "opponent", "negotiations", "agreement_rate", "agreement_rate_lo", "agreement_rate_hi",
		"utility_mean", "utility_lo", "utility_hi", "opponent_utility_mean"}); err != nil {
		return err
	}
	for i := range t.Agents {
		for j := range t.Agents {
			mu := t.matchups[[2]int{i, j}]
			if mu == nil {
				continue
			}
			row := []string{t.Agents[i].Label, t.Agents[j].Label, strconv.Itoa(mu.n)}
			row = append(row, rateCells(mu.agreed, mu.n)...)
			row = append(row, mu.utility.cells()...)
			m, _, _ := mu.opponent.interval()
			row = append(row, formatFloat(m))
			if err := w.Write(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// chartData returns what the tournament charts draw.
func (t *Tournament) chartData() *chart.TournamentData {
	m := t.Manifest
	d := &chart.TournamentData{
		Name: m.Sweep, Version: m.Version, Seed: m.Seed,
		Domains: len(t.Domains), Repetitions: m.Replications, Runs: t.Runs,
	}
	for _, r := range t.Ranking() {
		a := &t.Agents[r.Agent]
		d.Ranking = append(d.Ranking, chart.TournamentRank{
			Label: a.Label, Mean: r.Mean, Lo: r.Lo, Hi: r.Hi, N: a.Negotiations, Best: r.Best, Worst: r.Worst,
		})
	}
	for i := range t.Agents {
		d.Agents = append(d.Agents, t.Agents[i].Label)
		row := make([]float64, len(t.Agents))
		for j := range row {
			row[j] = math.NaN()
			if mu := t.matchups[[2]int{i, j}]; mu != nil {
				row[j], _, _ = mu.utility.interval()
			}
		}
		d.Matchups = append(d.Matchups, row)
	}
	return d
}
