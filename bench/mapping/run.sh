#!/usr/bin/env bash
# Mapping throughput: SelligentPortal's engine vs Segment's @segment/actions-core on the same events,
# each pinned to one core. Usage: bench/mapping/run.sh [seconds per measurement, default 3]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-3}"
core="${BENCH_CORE:-0}"

echo "# installing Segment's engine (npm ci) and building the .NET bench (Release)" >&2
npm ci --no-audit --no-fund --silent >&2
dotnet build MappingBench/MappingBench.csproj -c Release -nologo -v q >&2

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
# Pinned to one core the runtime sees one processor and multiplies its tier-up delay by ten, restarting
# it whenever a new method is jitted: hot methods then stay unoptimised for seconds. Tier up at once.
DOTNET_TC_CallCountingDelayMs=0 taskset -c "$core" dotnet MappingBench/bin/Release/net10.0/MappingBench.dll events "$seconds" | tee -a "$results"
taskset -c "$core" node segment-bench.js "$seconds" | tee -a "$results"

echo
awk '
  { rate[$1 " " $2 " " $3] = $4 }
  END {
    printf "%-9s %-10s %14s %14s %8s\n", "event", "measure", "dotnet/s", "segment/s", "ratio"
    split("identify track", events, " ")
    split("map-only parse+map", measures, " ")
    for (e = 1; e <= 2; e++) for (m = 1; m <= 2; m++) {
      d = rate["dotnet " events[e] " " measures[m]]; s = rate["segment " events[e] " " measures[m]]
      printf "%-9s %-10s %14.0f %14.0f %7.1fx\n", events[e], measures[m], d, s, (s > 0 ? d / s : 0)
    }
  }' "$results"
