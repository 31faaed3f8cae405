package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
)

// maxLine is the longest input line kept; the rest of a longer line is
// read and dropped.
const maxLine = 4096

// lineSource reads the player's answers, one line at a time, from a
// bufio.Reader. A read blocks in its own goroutine so that an interrupt
// (ctx cancelled by Ctrl-C) ends the wait at once, whatever the reader.
type lineSource struct {
	ctx     context.Context
	in      *bufio.Reader
	results chan lineResult
	pending bool  // a read is in flight
	err     error // the error that ended the input; later reads return it
}

type lineResult struct {
	line string
	err  error
}

func newLineSource(ctx context.Context, in *bufio.Reader) *lineSource {
	return &lineSource{ctx: ctx, in: in, results: make(chan lineResult, 1)}
}

// next returns the next line without its line ending. At the end of the
// input it returns io.EOF (after a last line without a newline, at the
// following call); after an interrupt, the context's error.
func (l *lineSource) next() (string, error) {
	if l.err != nil {
		return "", l.err
	}
	if !l.pending {
		l.pending = true
		go func() { l.results <- readLine(l.in) }()
	}
	select {
	case <-l.ctx.Done():
		l.err = l.ctx.Err()
		return "", l.err
	case r := <-l.results:
		l.pending = false
		if r.err != nil {
			l.err = r.err
			if r.line == "" || !errors.Is(r.err, io.EOF) {
				return "", l.err
			}
		}
		return r.line, nil
	}
}

// readLine reads one line, keeping at most maxLine bytes of it.
func readLine(in *bufio.Reader) lineResult {
	var b strings.Builder
	for {
		frag, err := in.ReadSlice('\n')
		if b.Len() < maxLine {
			b.Write(frag[:min(len(frag), maxLine-b.Len())])
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return lineResult{line: strings.TrimRight(b.String(), "\r\n"), err: err}
	}
}
