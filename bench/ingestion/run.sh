#!/usr/bin/env bash
# Ingestion load benchmark: the app (Release, fresh SQLite database) against the HTTP ceiling of this
# machine (an endpoint that only parses the same JSON), in one run, with wrk on loopback.
# Usage: bench/ingestion/run.sh [seconds per measurement, default 15]
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"
root="$(cd ../.. && pwd)"
seconds="${1:-15}"
app_port=5301
ceiling_port=5302
token="bench-token-0123456789abcdefghijklmnopqrstuvwxyz"
data="$(mktemp -d)"

command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 1; }
echo "# building the app and the ceiling endpoint (Release)" >&2
dotnet build "$root/SelligentPortal/SelligentPortal.csproj" -c Release -nologo -v q >&2
dotnet build "$here/Ceiling/Ceiling.csproj" -c Release -nologo -v q >&2

for port in $app_port $ceiling_port; do
  # Another process on the port would answer in the app's place and be measured instead.
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: stop what listens there first" >&2; exit 1; fi
done

cleanup() { kill "$app_pid" "$ceiling_pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

ASPNETCORE_ENVIRONMENT=Production Database__DataFolder="$data" Logging__LogLevel__Default=Warning \
Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword='Bench-Password-42' Bootstrap__ApiToken="$token" \
  dotnet "$root/SelligentPortal/bin/Release/net10.0/SelligentPortal.dll" --urls "http://127.0.0.1:$app_port" --contentRoot "$root" >/dev/null 2>&1 &
app_pid=$!
ASPNETCORE_URLS="http://127.0.0.1:$ceiling_port" dotnet "$here/Ceiling/bin/Release/net10.0/Ceiling.dll" >/dev/null 2>&1 &
ceiling_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$app_port/health/ready" >/dev/null && curl -s -o /dev/null "http://127.0.0.1:$ceiling_port/" && break
  sleep 0.5
done
kill -0 "$app_pid" 2>/dev/null && kill -0 "$ceiling_pid" 2>/dev/null || { echo "the app or the ceiling endpoint did not start" >&2; exit 1; }

api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
customer=$(api -d '{"name":"Bench"}' "http://127.0.0.1:$app_port/api/v1/customers" | sed -E 's/.*"id":"([^"]+)".*/\1/')
api -d '{"note":"seed"}' "http://127.0.0.1:$app_port/api/v1/customers/$customer/configuration/publish" >/dev/null
source=$(api -d '{"name":"wrk"}' "http://127.0.0.1:$app_port/api/v1/customers/$customer/sources" | sed -E 's/.*"id":"([^"]+)".*/\1/')
key=$(api -X POST "http://127.0.0.1:$app_port/api/v1/customers/$customer/sources/$source/keys" | sed -E 's/.*"key":"([^"]+)".*/\1/')

measure() { # name url path batch connections
  local out
  out=$(SP_RUN="$1" SP_KEY="$key" SP_PATH="$3" SP_BATCH="$4" wrk -t2 -c"$5" -d"${seconds}s" --timeout 10s -s "$here/event.lua" "$2" | grep '^RESULT')
  echo "$1 batch=$4 connections=$5 ${out#RESULT }"
}

echo "# warm-up" >&2
SP_RUN=warmup SP_KEY="$key" SP_PATH=/v1/track SP_BATCH=1 wrk -t2 -c16 -d5s -s "$here/event.lua" "http://127.0.0.1:$app_port" >/dev/null
SP_KEY="$key" SP_PATH=/parse SP_BATCH=1 wrk -t2 -c16 -d5s -s "$here/event.lua" "http://127.0.0.1:$ceiling_port" >/dev/null

results="$(mktemp)"
measure ceiling "http://127.0.0.1:$ceiling_port" /parse 1 64 | tee -a "$results"
measure track "http://127.0.0.1:$app_port" /v1/track 1 64 | tee -a "$results"
measure ceiling-batch "http://127.0.0.1:$ceiling_port" /parse 100 16 | tee -a "$results"
measure batch "http://127.0.0.1:$app_port" /v1/batch 100 16 | tee -a "$results"

rss=$(grep -E 'VmHWM|VmRSS' "/proc/$app_pid/status" | tr -s ' ' | tr '\n' ' ')
sleep 1
stored() { sqlite3 -readonly "$data/selligentportal.db" "SELECT COUNT(*), COUNT(DISTINCT MessageId), SUM(Status='Applied') FROM Events WHERE MessageId LIKE 'bench-$1-%';" 2>/dev/null || echo "sqlite3 missing"; }
stored_track=$(stored track)
stored_batch=$(stored batch)

echo
awk -v rss="$rss" -v stored_track="$stored_track" -v stored_batch="$stored_batch" '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] } }
  END {
    printf "%-26s %12s %10s %10s\n", "measurement", "requests/s", "events/s", "p99 ms"
    printf "%-26s %12.0f %10.0f %10.2f\n", "ceiling (parse only)", v["ceiling","rps"], v["ceiling","rps"], v["ceiling","p99_ms"]
    printf "%-26s %12.0f %10.0f %10.2f\n", "POST /v1/track", v["track","rps"], v["track","rps"], v["track","p99_ms"]
    printf "%-26s %12.0f %10.0f %10.2f\n", "ceiling, 100-event bodies", v["ceiling-batch","rps"], v["ceiling-batch","rps"] * 100, v["ceiling-batch","p99_ms"]
    printf "%-26s %12.0f %10.0f %10.2f\n", "POST /v1/batch (100)", v["batch","rps"], v["batch","rps"] * 100, v["batch","p99_ms"]
    printf "\ntrack / ceiling: %.0f%%   batch events/s: %.0f (goal 30,000)\n", 100 * v["track","rps"] / v["ceiling","rps"], v["batch","rps"] * 100
    printf "acknowledged events: track %d, batch %d\n", v["track","requests"] - v["track","non2xx"], 100 * (v["batch","requests"] - v["batch","non2xx"])
    printf "stored (rows|distinct messageIds|applied): track %s, batch %s\n", stored_track, stored_batch
    printf "(rows = distinct: nothing twice; rows >= acknowledged: nothing lost; a few more rows are requests committed as wrk stopped)\n"
    printf "non-2xx: track %d, batch %d; socket errors: track %d, batch %d\n", v["track","non2xx"], v["batch","non2xx"], v["track","errors"], v["batch","errors"]
    printf "app memory: %s\n", rss
  }' "$results"
