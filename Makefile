# parley: see README.md. Every target works on a fresh machine with Go 1.26.
GO       ?= go
BIN      := bin/parley
# Record the VCS revision in the binary (this machine sets GOFLAGS=-buildvcs=false).
BUILDFLAGS := -buildvcs=auto
FUZZTIME ?= 10s

.PHONY: all build run test bench fuzz fuzz-long cover clean

all: build

build:
	$(GO) build $(BUILDFLAGS) -o $(BIN) ./cmd/parley

## run: the flagship scenario, tables and charts into out/south-caucasus
run: build
	./$(BIN) run south-caucasus --out out/south-caucasus

## test: formatting, vet, staticcheck (the version go.mod's tool directive
## pins), a tidy go.mod, and the whole test suite. The timeout is 30
## minutes a package, not go test's 10: cmd/parley's tests take about 2
## minutes on 2 idle cores while other packages' tests run beside them,
## and several times that on a loaded machine; a hang still fails.
test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) mod tidy -diff
	$(GO) test -timeout 30m ./...

## bench: engine and analysis benchmarks (rounds/s, allocations)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: a short smoke run of every fuzz target ($(FUZZTIME) each); see .ci/fuzz
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) .ci/fuzz

## fuzz-long: every fuzz target for $(FUZZLONG) each (about three hours for
## the eighteen targets; not part of CI), keeping what the fuzzer found
## under each package's testdata/fuzz to commit; see .ci/fuzz
FUZZLONG ?= 10m
fuzz-long:
	GO=$(GO) FUZZTIME=$(FUZZLONG) FUZZSAVE=1 .ci/fuzz

cover:
	$(GO) test -coverprofile=cover.out ./... && $(GO) tool cover -func=cover.out | tail -1

clean:
	rm -rf bin out cover.out
