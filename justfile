# teraplan recipes. HiGHS is set up on demand by .ci/highs (see DEVELOPERS.md).
set shell := ["bash", "-euo", "pipefail", "-c"]

with_highs := ".ci/with-highs"

# List the recipes.
default:
    @just --list

# Set up HiGHS: system (pkg-config), cached build, or fetch and build it.
highs:
    @.ci/highs >/dev/null

# Build bin/teraplan, one self-contained binary.
build:
    {{with_highs}} go build -trimpath -o bin/teraplan ./cmd/teraplan

# The main job: the cheapest build schedule for the default scenario.
run *ARGS: build
    bin/teraplan plan {{ARGS}}

# Vet, then all tests with the race detector.
test:
    {{with_highs}} go vet ./...
    {{with_highs}} go test -race -count=1 ./...

# Benchmarks beside highs, glpsol and cbc; writes BENCHMARKS.md and BENCHMARKS.json (a few minutes).
bench *ARGS:
    {{with_highs}} .ci/bench {{ARGS}}

# Quick re-measurement: fails if a ratio recorded in BENCHMARKS.json got worse beyond its tolerance (add -targets to fail on missed targets too).
bench-check *ARGS:
    {{with_highs}} .ci/bench --check {{ARGS}}

# Run every fuzz target for TIME each (CI: a short smoke run). Go 1.26's
# fuzz coordinator can report "context deadline exceeded" when -fuzztime
# runs out while a worker is mid-input (golang/go#75804, fixed in Go 1.27);
# such a failure that wrote no failing input is run once more, any other fails.
fuzz TIME="10s":
    #!/usr/bin/env bash
    set -euo pipefail
    for t in "FuzzLoad ./plans/scenario" "FuzzParseUnit ./plans/scenario" "FuzzSet ./plans/scenario" \
             "FuzzTrajectory ./plans/scenario" "FuzzSpec ./plans/sweep" "FuzzShardFile ./plans/sweep" \
             "FuzzDecodeQuery ./cmd/teraplan"; do
      set -- $t
      corpus="$2/testdata/fuzz/$1"
      for attempt in 1 2; do
        before=$({ ls "$corpus" 2>/dev/null || true; } | wc -l)
        if out=$({{with_highs}} go test -run '^$' -fuzz "^$1\$" -fuzztime {{TIME}} -timeout 0 "$2" 2>&1); then
          echo "$out"
          break
        fi
        echo "$out"
        after=$({ ls "$corpus" 2>/dev/null || true; } | wc -l)
        if [ "$attempt" = 1 ] && [ "$after" = "$before" ] && grep -q "context deadline exceeded" <<<"$out"; then
          echo "fuzz: $1 stopped on Go's fuzztime race (golang/go#75804), no failing input written: running it again" >&2
          continue
        fi
        exit 1
      done
    done

# Format the code.
fmt:
    gofmt -w $(git ls-files '*.go')

# Static checks: gofmt and vet.
lint:
    @test -z "$(gofmt -l $(git ls-files '*.go'))" || { gofmt -l $(git ls-files '*.go'); exit 1; }
    {{with_highs}} go vet ./...

# What CI runs.
ci: lint test
