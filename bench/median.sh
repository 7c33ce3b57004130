#!/usr/bin/env bash
# Runs bench/views.sh RUNS times (default 3) with the same environment and prints, for every figure,
# each run's value and the median. The machines are shared and noisy: a single run's figure is an
# anecdote, the median of three run side by side is the figure to report.
#
# usage: RUNS=3 EVENTS=100000 bench/median.sh        (every other variable is passed to views.sh)
# Prints one table and MEDIAN lines; exits 1 when any run exited non-zero (its output is kept).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer" >&2; exit 2; }
OUT=$(mktemp -d "${TMPDIR:-/tmp}/huanxin-median.XXXXXX")
FAILED=0

for ((run = 1; run <= RUNS; run++)); do
    printf '[median] run %d of %d (output in %s/run-%d.out)\n' "$run" "$RUNS" "$OUT" "$run" >&2
    if ! "$ROOT/bench/views.sh" >"$OUT/run-$run.out"; then
        printf '[median] run %d exited non-zero; its PROBLEM lines:\n' "$run" >&2
        grep '^PROBLEM ' "$OUT/run-$run.out" >&2 || true
        FAILED=1
    fi
done

# figure NAME LINE_PREFIX FILTER KEY: NAME's value in one run's output
figure() {
    local file=$1 prefix=$2 filter=$3 key=$4
    grep "^$prefix " "$file" | grep -e "$filter" | head -n 1 | sed -n "s/.*[[:space:]]$key=\([^[:space:]]*\).*/\1/p"
}

FIGURES=(
    "ingest events/s|VIEWS| |ingest_events_per_s"
    "views current after last ack (s)|CURRENT| |after_last_ack_s"
    "ingest with every view current events/s|VIEWS| |events_per_s_current"
    "raw ceiling events/s|RAW| |events_per_s"
    "rebuild balance events/s|REBUILD|view=balance |events_per_s"
    "rebuild supervision events/s|REBUILD|view=supervision |events_per_s"
    "rebuild fraud events/s|REBUILD|view=fraud |events_per_s"
    "rebuild all at once events/s|REBUILD|view=all |events_per_s"
    "investigation events/s|INVESTIGATION| |events_per_s"
    "verify events/s (median of its runs)|VERIFY_MEDIAN| |events_per_s"
    "peak heap used (MiB)|HEAP| |peak_used_mib"
)

printf '\n%-42s' "figure"
for ((run = 1; run <= RUNS; run++)); do printf ' %10s' "run $run"; done
printf ' %10s\n' "median"
for spec in "${FIGURES[@]}"; do
    IFS='|' read -r name prefix filter key <<<"$spec"
    values=()
    for ((run = 1; run <= RUNS; run++)); do
        v=$(figure "$OUT/run-$run.out" "$prefix" "$filter" "$key")
        values+=("${v:--}")
    done
    median=$(printf '%s\n' "${values[@]}" | grep -E '^[0-9.]+$' | sort -g \
        | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
    printf '%-42s' "$name"
    for v in "${values[@]}"; do printf ' %10s' "$v"; done
    printf ' %10s\n' "$median"
    printf 'MEDIAN %s=%s\n' "$(tr ' /()' '____' <<<"$name" | tr -s '_')" "$median" >>"$OUT/medians"
done
printf '\n'
cat "$OUT/medians"
printf '[median] outputs kept in %s\n' "$OUT" >&2
exit "$FAILED"
