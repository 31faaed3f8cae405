package results

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"testing"
)

// FuzzRecordReader checks that the merge splits a CSV file written by
// encoding/csv into exactly the bytes of each record, whatever the fields
// hold (quotes, commas, newlines) and however the buffer cuts the lines.
func FuzzRecordReader(f *testing.F) {
	for _, seed := range [][3]string{
		{"0", "plain", "1"},
		{"12", `with "quotes", and a comma`, ""},
		{"3", "two\nlines", "\r\n"},
		{"4", `"`, `\.`},
		{"", " leading space", "ünï"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		records := [][]string{{a, b, c}, {c}, {b, a}, {"7", a}}
		var file bytes.Buffer
		var want [][]byte
		for _, rec := range records {
			var one bytes.Buffer
			w := csv.NewWriter(&one)
			if err := w.Write(rec); err != nil {
				t.Fatal(err) // a csv.Writer over memory fails on no record
			}
			w.Flush()
			want = append(want, one.Bytes())
			file.Write(one.Bytes())
		}
		rr := &recordReader{r: bufio.NewReaderSize(bytes.NewReader(file.Bytes()), 16), path: "fuzz.csv"}
		for i, w := range want {
			got, err := rr.next()
			if err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			if !bytes.Equal(got, w) {
				t.Fatalf("record %d: %q, want %q", i, got, w)
			}
		}
		if got, err := rr.next(); got != nil || err != nil {
			t.Fatalf("after the last record: %q, %v", got, err)
		}
	})
}

func TestRecordPoint(t *testing.T) {
	for _, tc := range []struct {
		rec  string
		want int
		ok   bool
	}{
		{"0,a,b\n", 0, true},
		{"17\n", 17, true},
		{"123,\"x,y\"\n", 123, true},
		{"\"1\",a\n", 0, false},
		{",a\n", 0, false},
		{"x,1\n", 0, false},
	} {
		got, err := recordPoint([]byte(tc.rec))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("recordPoint(%q) = %d, %v; want %d, ok %v", tc.rec, got, err, tc.want, tc.ok)
		}
	}
}
