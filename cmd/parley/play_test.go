package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

// play runs "parley play" with args, reading input, and returns what it
// printed.
func play(t *testing.T, ctx context.Context, input io.Reader, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(ctx, append([]string{"play"}, args...), env{stdin: input, stdout: &out, stderr: &errb, version: "test"})
	return out.String(), errb.String(), err
}

// answers joins answer lines into an input, one per line.
func answers(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// counter is the answers of one counter-offer that keeps the draft of a
// three-issue scenario as it is: counter, three Enters, send.
var counter = []string{"c", "", "", "", ""}

// agreeInput plays the seller of used-car against a conceding buyer: four
// counter-offers at the asking price, then accepts the buyer's fifth offer.
func agreeInput() string {
	var lines []string
	for range 4 {
		lines = append(lines, counter...)
	}
	return answers(append(lines, "a")...)
}

// facilitatorInput plays Armenia in south-caucasus (7 issues), which
// opens: its best offer at every round, keeping every draft. play plays
// the flagship's nominal numbers: both sides ask for help after 13
// stalled rounds, the median of the range the file states.
func facilitatorInput() string {
	keep := strings.Repeat("\n", 8) // seven issues kept, and send
	return keep + strings.Repeat("c\n"+keep, 30)
}

// ending returns the transcript from the summary on.
func ending(t *testing.T, out string) string {
	t.Helper()
	i := strings.Index(out, "=== The end ===")
	if i < 0 {
		t.Fatalf("no summary in the transcript:\n%s", out)
	}
	return out[i:]
}

func TestPlaySessions(t *testing.T) {
	agreeArgs := []string{"used-car", "--as", "seller", "--against", "conceder"}
	tests := []struct {
		name  string
		input string
		args  []string
		want  []string // substrings of stdout, in order
	}{
		{
			name:  "agreement",
			input: agreeInput(),
			args:  agreeArgs,
			want: []string{
				"used-car: you are Seller. Buyer plays the \"conceder\" strategy.",
				"Alternating offers, at most 10 rounds of one offer from each side, numbered 0 to 9; Buyer opens.",
				"(a deal in round 3 keeps 0.98^3 = 0.941 of it)",
				"--- Round 0, the opening (rounds 0 to 9): 10 rounds left, this one included ---",
				"Buyer offers:", "It is worth 0.210 to you.", "Your reservation value (no deal, not discounted): 0.300.",
				"Price (issue 1 of 3):", "  * 4  10,500 EUR (asking price)  1.000",
				"draft so far (worth 1.000 to you): Price: 10,500 EUR (asking price); Seller's warranty: Sold as seen, no warranty; Work done before handover: Nothing",
				"--- Round 4 (rounds 0 to 9): 6 rounds left, this one included ---",
				"It is worth 0.620 to you (+0.090 since its last offer).",
				"Agreed now, discounted for the delay so far, it is worth 0.572.",
				"You accepted Buyer's offer in round 4.",
				"your session                   0.620   0.532  agreement in round 4",
				"Nash point                     0.570   0.637",
				"Before discounting, you got 0.050 more, and Buyer 0.105 less.",
				"Buyer accepted the agent's offer in round 9.",
				"What each of you takes home, discounted for the delay (a reservation value is not discounted):",
				"the agent  0.625  (a deal worth 0.750 before discounting, in round 9): 0.325 above your reservation value 0.300",
				"you        0.572  (a deal worth 0.620 before discounting, in round 4): 0.272 above your reservation value 0.300",
				"The agent did 0.053 better.",
				"Utility space: you (Seller) across, Buyer up, as in the chart (--chart).",
			},
		},
		{
			name:  "a draft edited before sending",
			input: answers("c", "1", "3", "", "e", "2", "1", "3", "s", "w"),
			args:  agreeArgs,
			want: []string{
				"draft so far (worth 0.400 to you): Price: 9,000 EUR; Seller's warranty: Sold as seen, no warranty; Work done before handover: Nothing",
				"draft so far (worth 0.130 to you): Price: 9,000 EUR; Seller's warranty: 12-month warranty; Work done before handover: Nothing",
				"It is worth 0.130 to you.",
				"If Buyer accepts it at once (in round 1), it is worth 0.127 to you after discounting.",
				"Careful: even accepted at once, after discounting that is less than your reservation value 0.300, which is not discounted.",
				"Price [1-4, Enter keeps 1]: 2",
				"Work done before handover [1-3, Enter keeps 1]: 3",
				"It is worth 0.570 to you.",
				"--- Round 1 (rounds 0 to 9)",
				"Your last offer is worth 0.570 to you.",
				"You walked away in round 1: no deal.",
			},
		},
		{
			name:  "the buyer opens, and the agent accepts",
			input: answers("4", "1", "1", "s"),
			args:  []string{"used-car", "--as", "buyer", "--against", "{type: conceder}"},
			want: []string{
				"Alternating offers, at most 10 rounds of one offer from each side, numbered 0 to 9; you open.",
				"You make the first offer. Your reservation value (no deal): 0.300.",
				"Seller accepted your offer in round 0.",
				"Utility space: Seller across, you (Buyer) up, as in the chart (--chart).",
				": Seller's reservation   - your reservation",
			},
		},
		{
			name:  "walk away at the confirmation",
			input: answers("c", "", "", "", "w"),
			args:  agreeArgs,
			want:  []string{"Send it [s or Enter], edit it [e], walk away [w]: w", "You walked away in round 0: no deal."},
		},
		{
			name:  "history before answering",
			input: answers(append(append(counter, "h"), "w")...),
			args:  agreeArgs,
			want: []string{
				"Offers so far, with their value to you:",
				"round 0  Buyer  0.210  9,000 EUR; 6-month warranty; New tyres and a full service",
				"round 0  you    1.000  10,500 EUR (asking price); Sold as seen, no warranty; Nothing",
				"round 1  Buyer  0.330",
				"You walked away in round 1",
			},
		},
		{
			name:  "a facilitator's text ends the talks",
			input: facilitatorInput(),
			args:  []string{"south-caucasus", "--as", "armenia"},
			want: []string{
				"A facilitator stands ready to help when asked",
				"Transit route regime through Syunik (issue 1 of 7):",
				"--- Round 6 (rounds 0 to 59): 54 rounds left, this one included ---",
				"Both sides signed the facilitator's text in round 6.",
				`The facilitator was invited in round 6 (your side asked first, by the scenario's trigger "projected_no_deal"); it wrote 1 text; both sides accepted its final text (your votes were cast by your utility).`,
				"f facilitator's texts",
			},
		},
		{
			name:  "the last round warns that a counter-offer goes unanswered",
			input: answers("c", "", "", "", ""),
			args:  []string{"used-car", "--as", "seller", "--set", "protocol.deadline=1"},
			want: []string{
				"--- Round 0 (rounds 0 to 0): the last round ---",
				"If you make a counter-offer now, Buyer cannot answer it",
				"The deadline passed after round 0 without agreement.",
				"no deal by the deadline",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, err := play(t, context.Background(), strings.NewReader(tc.input), tc.args...)
			if err != nil {
				t.Fatalf("play: %v\nstderr:\n%s", err, stderr)
			}
			rest := out
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("transcript lacks %q after the earlier expected lines:\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestPlayDeterministic checks that the same answers and seed give the
// same transcript, and that a seed changes what a random strategy does.
func TestPlayDeterministic(t *testing.T) {
	in := answers("c", "", "", "", "", "c", "", "", "", "", "w")
	args := []string{"used-car", "--as", "seller", "--against", "{type: tft-random}", "--set", "protocol.first=seller"}
	first, _, err := play(t, context.Background(), strings.NewReader(in), append(args, "--seed", "5")...)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := play(t, context.Background(), strings.NewReader(in), append(args, "--seed", "5")...)
	if err != nil {
		t.Fatal(err)
	}
	if first != again {
		t.Errorf("same answers and seed, different transcripts:\n%s\n---\n%s", first, again)
	}
	other, _, err := play(t, context.Background(), strings.NewReader(in), append(args, "--seed", "6")...)
	if err != nil {
		t.Fatal(err)
	}
	if other == first {
		t.Log("seeds 5 and 6 gave the same transcript; the opponent's draws did not matter here")
	}
}

// TestPlayBadInput interleaves bad answers with the answers of the
// agreement: each is asked again with a hint, and the session ends as
// without them.
func TestPlayBadInput(t *testing.T) {
	args := []string{"used-car", "--as", "seller", "--against", "conceder"}
	clean, _, err := play(t, context.Background(), strings.NewReader(agreeInput()), args...)
	if err != nil {
		t.Fatal(err)
	}
	noisy := answers("x", "", "accept please", "c", "abc", "0", "5", "-1", "99999999999999999999", "2.5", "", "", "", "maybe", "")
	for range 3 {
		noisy += answers(counter...)
	}
	noisy += answers("ACCEPT")
	out, _, err := play(t, context.Background(), strings.NewReader(noisy), args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, hint := range []string{
		`"x" is not a choice: type a to accept, c to make a counter-offer, w to walk away, h for the history.`,
		"Type a, c, w or h, then Enter.",
		`"accept please" is not a choice`,
		`"abc" is not an option: type a number from 1 to 4, or press Enter to keep 4.`,
		`"0" is not an option`, `"5" is not an option`, `"-1" is not an option`,
		`"99999999999999999999" is not an option`, `"2.5" is not an option`,
		`"maybe" is not a choice: press Enter to send, e to edit, w to walk away.`,
	} {
		if !strings.Contains(out, hint) {
			t.Errorf("no hint %q in the transcript", hint)
		}
	}
	if ending(t, out) != ending(t, clean) {
		t.Errorf("bad answers changed the outcome:\n%s\nwant\n%s", ending(t, out), ending(t, clean))
	}
}

// TestPlayEndOfInput checks that input ending anywhere ends the session
// cleanly: a walk-away, the summary, no error.
func TestPlayEndOfInput(t *testing.T) {
	for _, tc := range []struct {
		name, input string
	}{
		{"no input", ""},
		{"at the first question", "c\n"},
		{"mid-draft", "c\n2\n"},
		{"mid-draft without a final newline", "c\n2\n\n3"},
		{"at the confirmation", "c\n\n\n\n"},
		{"after a counter-offer", answers(counter...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, err := play(t, context.Background(), strings.NewReader(tc.input), "used-car", "--as", "seller")
			if err != nil || stderr != "" {
				t.Fatalf("play: %v, stderr %q", err, stderr)
			}
			end := ending(t, out)
			if !strings.Contains(out, "End of input: you walk away.\n") || !strings.Contains(end, "You walked away in round") {
				t.Errorf("transcript does not end with a walk-away at the end of the input:\n%s", out)
			}
		})
	}
	// A nil stdin is an empty input.
	out, _, err := play(t, context.Background(), nil, "used-car", "--as", "buyer")
	if err != nil || !strings.Contains(out, "End of input: you walk away.") {
		t.Errorf("nil stdin: %v\n%s", err, out)
	}
}

// signalWriter collects output and calls fire once when it first contains
// a marker.
type signalWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	fire   func()
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if w.fire != nil && strings.Contains(w.buf.String(), w.marker) {
		w.fire()
		w.fire = nil
	}
	return n, err
}

// TestPlayInterrupt checks that Ctrl-C (a cancelled context) while the
// program waits for an answer ends the session like the end of input.
func TestPlayInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	defer pw.Close() // ends the read still waiting on the pipe
	out := &signalWriter{marker: "Accept [a], counter-offer [c]", fire: cancel}
	var stderr bytes.Buffer
	err := run(ctx, []string{"play", "used-car", "--as", "seller"}, env{stdin: pr, stdout: out, stderr: &stderr, version: "test"})
	if err != nil {
		t.Fatalf("play: %v", err)
	}
	s := out.buf.String()
	if !strings.Contains(s, "Interrupted: you walk away.") || !strings.Contains(ending(t, s), "You walked away in round 0") {
		t.Errorf("interrupt did not end the session as a walk-away:\n%s", s)
	}
}

// failingReader fails every read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("device gone") }

// TestPlayReadError checks that an input that fails (not an end of input)
// still shows the summary, then reports the failure.
func TestPlayReadError(t *testing.T) {
	out, _, err := play(t, context.Background(), failingReader{}, "used-car", "--as", "seller")
	if err == nil || !strings.Contains(err.Error(), "device gone") || isBadInput(err) {
		t.Errorf("err = %v, want a failure naming the read error", err)
	}
	if !strings.Contains(out, "Cannot read your answer (device gone): you walk away.") || !strings.Contains(out, "=== The end ===") {
		t.Errorf("transcript:\n%s", out)
	}
}

func TestPlayUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no party", []string{"used-car"}, "say which party you play: --as seller or --as buyer"},
		{"unknown party", []string{"used-car", "--as", "byer"}, `--as byer: no such party; the parties are seller and buyer (did you mean "buyer"?)`},
		{"no scenario", []string{"--as", "a"}, "want exactly one SCENARIO, got 0"},
		{"single text", []string{"single-text", "--as", "a"}, "single_text protocol"},
		{"chart format", []string{"used-car", "--as", "buyer", "--chart", "x.jpg"}, "want a .png or .svg file name"},
		{"unknown flag", []string{"used-car", "--as", "buyer", "--runs", "3"}, "flag provided but not defined: -runs"},
		{"unknown strategy", []string{"used-car", "--as", "buyer", "--against", "hardheade"}, `--against hardheade: parties.seller.strategy.type: unknown strategy "hardheade" (did you mean "hardheaded"?)`},
		{"bad set", []string{"used-car", "--as", "buyer", "--set", "protocol.deadline=0"}, "protocol.deadline"},
		{"unknown scenario", []string{"no-such-scenario", "--as", "buyer"}, "no-such-scenario"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, err := play(t, context.Background(), strings.NewReader(""), tc.args...)
			if err == nil {
				t.Fatal("play succeeded")
			}
			if !isBadInput(err) {
				t.Errorf("err = %v: not a usage or input error (exit code 2)", err)
			}
			if msg := err.Error() + "\n" + stderr; !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, stderr %q: want %q", err, stderr, tc.want)
			}
		})
	}
}

// TestPlayChart writes the chart of a session as PNG and SVG, atomically:
// nothing else is left in the folder. The chart is of the session, from
// the player's side, not of a run folder of one run.
func TestPlayChart(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"space.png", "space.svg"} {
		path := filepath.Join(dir, name)
		out, _, err := play(t, context.Background(), strings.NewReader(agreeInput()),
			"used-car", "--as", "seller", "--against", "conceder", "--chart", path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "Chart written to "+path) {
			t.Errorf("no mention of the chart in:\n%s", ending(t, out))
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(name) {
		case ".png":
			if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("%s is not a PNG", name)
			}
		case ".svg":
			if !bytes.Contains(data[:min(len(data), 512)], []byte("<svg")) {
				t.Errorf("%s is not an SVG", name)
			}
			// The chart of this one session, from the player's side.
			for _, want := range []string{"used-car: your session in utility space",
				"you against conceder, seed 1 · agreement in round", "utility to you (Seller)", "utility to Buyer",
				"offers by you (Seller)", "offers by Buyer", ">agreement<"} {
				if !bytes.Contains(data, []byte(want)) {
					t.Errorf("%s lacks %q", name, want)
				}
			}
			for _, not := range []string{"master seed", "offers of run", "agreement of run", "area: runs"} {
				if bytes.Contains(data, []byte(not)) {
					t.Errorf("%s has %q, a mark of a run folder's chart", name, not)
				}
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only the two charts", names)
	}
}

// TestLineSource reads lines with every kind of ending.
func TestLineSource(t *testing.T) {
	long := strings.Repeat("x", 3*maxLine)
	l := newLineSource(context.Background(), bufio.NewReaderSize(strings.NewReader("a\r\n\nb\n"+long+"\nlast"), 16))
	for i, want := range []string{"a", "", "b", long[:maxLine], "last"} {
		got, err := l.next()
		if err != nil || got != want {
			t.Fatalf("line %d = %.20q (%d bytes), %v; want %.20q (%d bytes)", i, got, len(got), err, want, len(want))
		}
	}
	for range 2 {
		if _, err := l.next(); !errors.Is(err, io.EOF) {
			t.Fatalf("after the last line: %v, want EOF", err)
		}
	}
}

// FuzzPlay feeds arbitrary answers to a session: whatever the input, the
// session ends with the summary and no error, never a crash.
func FuzzPlay(f *testing.F) {
	f.Add(agreeInput())
	f.Add(answers("x", "", "accept please", "c", "abc", "0", "5", "-1", "2.5", "maybe", "e", "w"))
	f.Add("c\n2\n")
	f.Add("h\nh\na\ny\n")
	f.Add("\x00\xff\r\n\r\nc\n\n\n\n\n")
	f.Add("\x1b[2J\x1b]0;pwned\x07\n\x9b31m\nc\n") // issue 15: escape sequences echoed raw
	f.Fuzz(func(t *testing.T, input string) {
		out, stderr, err := play(t, context.Background(), strings.NewReader(input), "used-car", "--as", "seller", "--against", "conceder")
		if err != nil || stderr != "" {
			t.Fatalf("input %q: %v, stderr %q", input, err, stderr)
		}
		if !strings.Contains(out, "=== The end ===") || !strings.Contains(out, "Utility space:") {
			t.Fatalf("input %q: no summary", input)
		}
	})
}

// TestPlayChartCheckedFirst checks that a --chart path that cannot be
// written (a missing folder, a folder, a device) is refused with exit code
// 2 before the session starts, instead of after the whole game.
func TestPlayChartCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{
		filepath.Join(dir, "missing", "dir", "c.png"),
		filepath.Join(dir, "file.txt", "c.png"),
		dir + string(filepath.Separator) + ".png",
	} {
		if err := os.WriteFile(filepath.Join(dir, "file.txt"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(dir, ".png"), 0o755); err != nil && !os.IsExist(err) {
			t.Fatal(err)
		}
		out, _, err := play(t, context.Background(), strings.NewReader(answers("w")), "used-car", "--as", "buyer", "--chart", path)
		if err == nil || !isBadInput(err) || !strings.Contains(err.Error(), "--chart") {
			t.Errorf("--chart %s: err = %v, want bad input naming --chart", path, err)
		}
		if strings.Contains(out, "you are") {
			t.Errorf("--chart %s: the session was played before the error:\n%s", path, out)
		}
	}
}

// TestPlayEchoSanitised checks that answers replayed from a file are
// echoed without their control characters: an answer holding a terminal
// escape sequence (here one that retitles the window) or a bidirectional
// override reached the terminal as it was.
func TestPlayEchoSanitised(t *testing.T) {
	hostile := []string{"\x1b]0;pwned\x07a", "x\u202eevil", "\x9b31m", "\x00"}
	out, _, err := play(t, context.Background(), strings.NewReader(answers(append(hostile, "w")...)), "used-car", "--as", "buyer")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\x9b", "\x00"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, `\x1b]0;pwned\aa`) {
		t.Errorf("the hostile answer is not shown escaped:\n%s", out)
	}
}

// TestPlayUncertainDraw checks that a scenario with uncertain assumptions
// is played with the values parley run draws for its run 0, and says so:
// the reservation value told is the one drawn, not the nominal one.
func TestPlayUncertainDraw(t *testing.T) {
	sc, err := scenarios.Load("south-caucasus", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Assumptions) == 0 {
		t.Fatal("the flagship has no uncertain assumptions: the test needs some")
	}
	drawn, _, err := sc.NewSampler().Sample(0, sim.RunSeed(7, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	me := 0
	id := drawn.Parties[me].ID
	want := fmt.Sprintf("Your reservation value is %.3f", drawn.Parties[me].Reservation)
	nominal := fmt.Sprintf("Your reservation value is %.3f", sc.Negotiation.Parties[me].Reservation)
	if want == nominal {
		t.Fatalf("seed 7's draw keeps %s's nominal reservation value: choose another seed", id)
	}
	out, _, err := play(t, context.Background(), strings.NewReader(""), "south-caucasus", "--as", id, "--seed", "7")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{want, fmt.Sprintf("leaves %d of its numbers uncertain; this game plays the values drawn for run 0 of seed 7", len(sc.Assumptions))} {
		if !strings.Contains(out, s) {
			t.Errorf("the game does not say %q:\n%s", s, out[:min(len(out), 1500)])
		}
	}
}
