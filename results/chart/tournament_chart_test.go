package chart

import (
	"bytes"
	"context"
	"math"
	"testing"
)

// TestTournamentCharts draws the tournament charts of a small tournament
// with pairings that never met and an agent without an interval, twice:
// both must draw, and give the same bytes.
func TestTournamentCharts(t *testing.T) {
	nan := math.NaN()
	d := &TournamentData{
		Name: "t", Version: "test", Seed: 1, Domains: 2, Repetitions: 3, Runs: 36,
		Ranking: []TournamentRank{
			{Label: "hardheaded", Mean: 0.7, Lo: 0.6, Hi: 0.8, N: 12, Best: 1, Worst: 2},
			{Label: "time-dependent(e=0.5)", Mean: 0.6, Lo: 0.55, Hi: 0.65, N: 12, Best: 1, Worst: 2},
			{Label: "single", Mean: 0.2, Lo: nan, Hi: nan, N: 1, Best: 1, Worst: 3},
		},
		Agents:   []string{"hardheaded", "time-dependent(e=0.5)", "single"},
		Matchups: [][]float64{{nan, 0.8, 0.6}, {0.5, nan, 0.7}, {0.2, nan, nan}},
	}
	charts, warns := TournamentCharts(d)
	if len(charts) != 2 || len(warns) != 0 || charts[0].Name != TournamentRanking || charts[1].Name != TournamentMatchups {
		t.Fatalf("got %d charts, warnings %v", len(charts), warns)
	}
	for _, c := range charts {
		png1, svg1, err := c.Render(context.Background(), 0)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		png2, svg2, err := c.Render(context.Background(), 0)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if !bytes.Equal(png1, png2) || !bytes.Equal(svg1, svg2) {
			t.Errorf("%s: two renderings differ", c.Name)
		}
		if !bytes.Contains(svg1, []byte("hardheaded")) {
			t.Errorf("%s: the SVG does not name the agents", c.Name)
		}
	}
	if _, warns := TournamentCharts(&TournamentData{Name: "empty"}); len(warns) != 1 {
		t.Errorf("no agents: warnings %v, want one", warns)
	}
}
