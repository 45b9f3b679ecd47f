#!/usr/bin/env bash
# The engines side by side, in one run: SQLite, PostgreSQL with one app instance, PostgreSQL with two,
# each through run.sh (same workload, fresh database, no ceiling), one after the other.
#
# Usage: bench/ingestion/engines.sh [run.sh arguments, e.g. seconds=15 workload=realistic prefill=200000]
# Prints each run's table, then one summary: throughput, p99 and the app's CPU time per event (all
# instances together), the figure that predicts scaling on a machine with more cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

configurations=("engine=sqlite" "engine=postgresql instances=1" "engine=postgresql instances=2")
for i in "${!configurations[@]}"; do
  # shellcheck disable=SC2086
  "$here/run.sh" ceiling=off "$@" ${configurations[$i]} | tee "$out/$i.txt"
done

echo
echo "summary: $*"
printf "%-32s %14s %9s %11s %16s %9s %11s\n" configuration "track req/s" "p99 ms" "CPU us/ev" "batch events/s" "p99 ms" "CPU us/ev"
for i in "${!configurations[@]}"; do
  track=$(grep '^POST /v1/track' "$out/$i.txt")
  batch=$(grep '^POST /v1/batch' "$out/$i.txt")
  # Columns: measurement (3 words for track, 3 for batch), requests/s, events/s, p99, CPU us/ev.
  printf "%-32s %14s %9s %11s %16s %9s %11s\n" "${configurations[$i]}" \
    "$(awk '{ print $3 }' <<<"$track")" "$(awk '{ print $5 }' <<<"$track")" "$(awk '{ print $6 }' <<<"$track")" \
    "$(awk '{ print $5 }' <<<"$batch")" "$(awk '{ print $6 }' <<<"$batch")" "$(awk '{ print $7 }' <<<"$batch")"
done
for i in "${!configurations[@]}"; do grep -m1 "^stored" "$out/$i.txt" | sed "s/^/  ${configurations[$i]}: /"; done
