#!/usr/bin/env bash
# Ingestion load benchmark: the app (Release, fresh database) against the HTTP ceiling of this machine
# (an endpoint that only parses the same JSON), in one run, with wrk on loopback.
#
# Usage: bench/ingestion/run.sh [name=value ...]
#   seconds=15          length of each measurement
#   engine=sqlite       sqlite or postgresql (PostgreSQL on 127.0.0.1:5432; PGPASSWORD, default postgres)
#   workload=seed       seed: the seed preset, ~1.5 KB track events; realistic: realistic/configuration.json
#                       (21 IDS fields, two extensions, one filtered, transforms) with 30% identify
#                       upserts, 35% "Order Completed", 35% "Product Viewed" (realistic/events.lua)
#   durability=PowerLoss  or ProcessCrash (Ingestion:Durability)
#   ceiling=on          off: skip the parse-only endpoint (when measuring variants back to back)
#   prefill=0           events to store before measuring (a grown database), through the app's own writer,
#                       300-event batches (~430 KB: under the 500 KB limit) from a pool of prefill_users users (realistic workload)
#   prefill_users=20000 realistic: the user pool of the prefill, so a grown database holds that many IDS records
#   data=               SQLite: a data folder to keep (created if missing) instead of a fresh one; a workload's
#                       first run on it sets up its customer (bench-<workload>.env there: customer, write key),
#                       later runs measure on what it holds; so the seed workload can run on a database grown
#                       with the realistic one. A 10-million-event database in ~20 minutes, then a measurement on it:
#                         run.sh workload=realistic data=/var/tmp/grown prefill=30000 prefill_users=1000000 \
#                           durability=ProcessCrash grow=10000000 measure=off
#                         run.sh workload=realistic data=/var/tmp/grown
#   grow=0              with data= and measure=off: after the prefill, copy the stored rows in SQL until the
#                       database holds this many events (grow.py: an hour faster than through the writer)
#   measure=on          off: stop after the set-up and prefill (growing a data folder)
#   instances=1         PostgreSQL only: app processes on the one database, each on a port of its own;
#                       every measurement splits its connections evenly over them (one wrk per instance)
#   shadow=off          ab: ingestion without and with an active shadow run of a draft, alternating
#                       off, on, on, off, rounds times (track then batches in each: a steady drift of the
#                       machine's speed falls on both sides alike), and the ratio; implies ceiling=off.
#   profile=off         on: sample the app with perf (999 Hz, call stacks) during each measurement and print
#                       where its CPU time goes (bench/ingestion/profile-split.py); costs a few percent
#                       of throughput, so take figures from runs without it
#   rounds=2            shadow=ab: how many off, on, on, off rounds (phases vary by ~10% here: more rounds,
#                       a tighter ratio)
#                       The draft is the workload's configuration with one more transform on first_name,
#                       so identifies differ and tracks do not.
# Prints a table, the exactly-once check and the app's CPU time per acknowledged event.
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"
root="$(cd ../.. && pwd)"

seconds=15 engine=sqlite workload=seed durability=PowerLoss ceiling=on prefill=0 prefill_users=20000 grow=0 instances=1 shadow=off rounds=2 profile=off data="" measure=on
for arg in "$@"; do
  case "$arg" in
    seconds=*|engine=*|workload=*|durability=*|ceiling=*|prefill=*|prefill_users=*|grow=*|instances=*|shadow=*|rounds=*|profile=*|data=*|measure=*) declare "${arg%%=*}=${arg#*=}" ;;
    [0-9]*) seconds="$arg" ;;
    *) echo "unknown argument '$arg' (see the header of $0)" >&2; exit 2 ;;
  esac
done

app_port=5301
# Instance i (from 0) listens on app_port + 10 * i.
app_ports=()
for i in $(seq 0 $(( instances - 1 ))); do app_ports+=($(( app_port + 10 * i ))); done
ceiling_port=5302
token="bench-token-0123456789abcdefghijklmnopqrstuvwxyz"
case "$measure" in on) [ "$grow" = 0 ] || { echo "grow= needs measure=off (growing is not measured)" >&2; exit 2; } ;;
  off) [ -n "$data" ] || { echo "measure=off needs data= (a fresh folder is removed at the end)" >&2; exit 2; } ;;
  *) echo "measure is on or off" >&2; exit 2 ;; esac
if [ -n "$data" ]; then
  [ "$engine" = sqlite ] || { echo "data= is for engine=sqlite" >&2; exit 2; }
  mkdir -p "$data"; data="$(cd "$data" && pwd)"; keep_data=1
else
  data="$(mktemp -d)"; keep_data=0
fi
# In every messageId, so runs on a kept database neither dedupe against nor count each other's events.
tag="$(date +%s)"
pg_database="selligent_bench_$$"
export PGPASSWORD="${PGPASSWORD:-postgres}"
case "$workload" in
  seed) script="$here/event.lua" ;;
  realistic) script="$here/realistic/events.lua" ;;
  *) echo "workload is seed or realistic" >&2; exit 2 ;;
esac

case "$shadow" in off) ;; ab) ceiling=off ;; *) echo "shadow is off or ab" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 1; }
case "$profile" in off) perf_map=0 ;; on) perf_map=1; command -v perf >/dev/null || { echo "perf is missing: sudo apt-get install -y linux-perf" >&2; exit 1; } ;; *) echo "profile is off or on" >&2; exit 2 ;; esac
echo "# building the app and the ceiling endpoint (Release)" >&2
dotnet build "$root/SelligentPortal/SelligentPortal.csproj" -c Release -nologo -v q >&2
dotnet build "$here/Ceiling/Ceiling.csproj" -c Release -nologo -v q >&2

if [ "$instances" -gt 1 ] && [ "$engine" != postgresql ]; then echo "instances > 1 needs engine=postgresql (SQLite serves one process)" >&2; exit 2; fi
for port in "${app_ports[@]}" $ceiling_port; do
  # Another process on the port would answer in the app's place and be measured instead.
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: stop what listens there first" >&2; exit 1; fi
done

app_pids=() ceiling_pid=""
cleanup() {
  kill "${app_pids[@]}" $ceiling_pid 2>/dev/null || true
  if [ "$keep_data" = 1 ]; then rm -f "$data"/app*.log "$data"/*.perf "$data/profiles.txt"; else rm -rf "$data"; fi
  if [ "$engine" = postgresql ]; then psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" postgres 2>/dev/null || true; fi
}
trap cleanup EXIT

case "$engine" in
  sqlite) database=(Database__Provider=Sqlite Database__DataFolder="$data") ;;
  postgresql) database=(Database__Provider=PostgreSql "Database__ConnectionString=Host=127.0.0.1;Database=$pg_database;Username=postgres;Password=$PGPASSWORD") ;;
  *) echo "engine is sqlite or postgresql" >&2; exit 2 ;;
esac

for i in "${!app_ports[@]}"; do
  # DOTNET_PerfMapEnabled: the JIT writes /tmp/perf-<pid>.map, so perf can name managed frames (code
  # mapped twice for W^X has a file behind it, which perf would read instead of the map).
  env DOTNET_PerfMapEnabled="$perf_map" DOTNET_EnableWriteXorExecute="$(( 1 - perf_map ))" ASPNETCORE_ENVIRONMENT=Production "${database[@]}" Ingestion__Durability="$durability" Logging__LogLevel__Default=Warning \
    Ingestion__RateLimitInstances="$instances" \
    Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword='Bench-Password-42' Bootstrap__ApiToken="$token" \
    dotnet "$root/SelligentPortal/bin/Release/net10.0/SelligentPortal.dll" --urls "http://127.0.0.1:${app_ports[$i]}" --contentRoot "$root" >"$data/app$i.log" 2>&1 &
  app_pids+=($!)
done
app_pid=${app_pids[0]}
if [ "$ceiling" = on ]; then
  ASPNETCORE_URLS="http://127.0.0.1:$ceiling_port" dotnet "$here/Ceiling/bin/Release/net10.0/Ceiling.dll" >/dev/null 2>&1 &
  ceiling_pid=$!
fi
ready() {
  for port in "${app_ports[@]}"; do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || return 1; done
  [ "$ceiling" != on ] || curl -s -o /dev/null "http://127.0.0.1:$ceiling_port/"
}
for _ in $(seq 1 120); do ready && break; sleep 0.5; done
for i in "${!app_pids[@]}"; do
  kill -0 "${app_pids[$i]}" 2>/dev/null || { echo "app instance $i did not start:" >&2; tail -5 "$data/app$i.log" >&2; exit 1; }
done

api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
# A kept database: the workload's customer and key, set up by the workload's first run there.
bench_env="$data/bench-$workload.env"
if [ "$keep_data" = 1 ] && [ -f "$bench_env" ]; then
  . "$bench_env"
else
customer=$(api -d "{\"name\":\"Bench ($workload)\"}" "http://127.0.0.1:$app_port/api/v1/customers" | sed -E 's/.*"id":"([^"]+)".*/\1/')
if [ "$workload" = realistic ]; then
  api -X PUT --data-binary @"$here/realistic/configuration.json" "http://127.0.0.1:$app_port/api/v1/customers/$customer/configuration/draft" >/dev/null
fi
api -d '{"note":"bench"}' "http://127.0.0.1:$app_port/api/v1/customers/$customer/configuration/publish" >/dev/null
source=$(api -d '{"name":"wrk"}' "http://127.0.0.1:$app_port/api/v1/customers/$customer/sources" | sed -E 's/.*"id":"([^"]+)".*/\1/')
key=$(api -X POST "http://127.0.0.1:$app_port/api/v1/customers/$customer/sources/$source/keys" | sed -E 's/.*"key":"([^"]+)".*/\1/')
[ "$keep_data" = 0 ] || printf 'customer=%s\nsource=%s\nkey=%s\n' "$customer" "$source" "$key" >"$bench_env"
fi

# The CPU time of every app instance together.
cpu_ticks() { for pid in "${app_pids[@]}"; do awk '{ print $14 + $15 }' "/proc/$pid/stat"; done | awk '{ t += $1 } END { print t }'; }
# One wrk per target, its share of the connections each, run together; their RESULT lines summed (p99: the worst).
load() { # name path batch connections url...
  local name="$1" path="$2" batch="$3" connections="$4" n i=0 pids=() files=()
  shift 4
  n=$#
  for url in "$@"; do
    files+=("$(mktemp)")
    SP_RUN="$tag-$name-i$i" SP_KEY="$key" SP_PATH="$path" SP_BATCH="$batch" \
      wrk -t"$([ "$n" -gt 1 ] && echo 1 || echo 2)" -c"$(( connections / n ))" -d"${seconds}s" --timeout 10s -s "$script" "$url" >"${files[$i]}" &
    pids+=($!)
    i=$(( i + 1 ))
  done
  wait "${pids[@]}"
  grep -h '^RESULT' "${files[@]}" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "p99_ms" || kv[1] == "p50_ms") { if (kv[2] > v[kv[1]]) v[kv[1]] = kv[2] } else v[kv[1]] += kv[2] } }
    END { printf "RESULT requests=%d non2xx=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n", v["requests"], v["non2xx"], v["errors"], v["rps"], v["p50_ms"], v["p99_ms"] }'
  rm -f "${files[@]}"
}
app_urls=(); for port in "${app_ports[@]}"; do app_urls+=("http://127.0.0.1:$port"); done
measure() { # name url path batch connections (url "app": every instance)
  local out before after urls cpu_s profiling=""
  if [ "$2" = app ]; then urls=("${app_urls[@]}"); else urls=("$2"); fi
  if [ "$profile" = on ] && [ "$2" = app ]; then
    perf record -q -F 999 -g -p "$app_pid" -o "$data/$1.perf" -- sleep "$seconds" 2>/dev/null &
    profiling=$!
  fi
  before=$(cpu_ticks)
  out=$(load "$1" "$3" "$4" "$5" "${urls[@]}")
  after=$(cpu_ticks)
  cpu_s=$(awk -v t="$(( after - before ))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }')
  echo "$1 batch=$4 connections=$5 ${out#RESULT } app_cpu_s=$cpu_s"
  if [ -n "$profiling" ]; then
    wait "$profiling"
    local us_per_event
    us_per_event=$(echo "$out" | awk -v batch="$4" -v cpu="$cpu_s" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
      END { e = batch * (v["requests"] - v["non2xx"]); printf "%.2f", (e > 0 ? 1e6 * cpu / e : 0) }')
    perf script -i "$data/$1.perf" 2>/dev/null | python3 "$here/profile-split.py" "$1" "$us_per_event" >>"$data/profiles.txt"
  fi
}

# The events the database holds (ids are never reused, so the highest is the count).
events_held() {
  if [ "$engine" = postgresql ]; then
    psql -h 127.0.0.1 -U postgres -At -c 'SELECT COALESCE(MAX("Id"), 0) FROM "Events"' "$pg_database"
  else
    python3 -c "import sqlite3; print(sqlite3.connect('file:$data/selligentportal.db?mode=ro', uri=True).execute('SELECT COALESCE(MAX(Id), 0) FROM Events').fetchone()[0])"
  fi
}
if [ "$prefill" -gt 0 ]; then
  # A grown database: the same workload stored through the app until it holds $prefill more events,
  # outside the measured window, with as much concurrency as the writer takes.
  target=$(( $(events_held) + prefill ))
  echo "# prefilling $prefill events (to $target)" >&2
  started=$(date +%s) round=0
  while held=$(events_held) && [ "$held" -lt "$target" ]; do
    [ "$round" = 0 ] || [ "$held" -gt "$before" ] || { echo "the prefill stored nothing in a round: see $data/app0.log" >&2; exit 1; }
    round=$(( round + 1 )) before=$held
    SP_RUN="$tag-prefill-$round" SP_KEY="$key" SP_PATH=/v1/batch SP_BATCH=300 SP_USERS="$prefill_users" \
      wrk -t2 -c8 -d"$(( (target - held) / 20000 + 5 < 120 ? (target - held) / 20000 + 5 : 120 ))s" --timeout 30s -s "$script" \
      "http://127.0.0.1:$app_port" >/dev/null
    echo "# $(events_held) events after $(( $(date +%s) - started )) s" >&2
  done
  echo "# prefilled in $(( $(date +%s) - started )) s" >&2
fi
if [ "$measure" = off ]; then
  kill "${app_pids[@]}"; wait "${app_pids[@]}" 2>/dev/null || true; app_pids=()
  if [ "$grow" -gt 0 ]; then
    python3 "$here/grow.py" "$data/selligentportal.db" "$grow"
  fi
  echo "events held: $(events_held); database folder: $(du -sm "$data" | cut -f1) MB"
  exit 0
fi

echo "# warm-up" >&2
# Until the JIT's final code runs: after 5 s of track alone, a profile found the tiered compiler using a
# third of the app's CPU through the next 8 s of track and a sixth through the batches after it.
seconds=20 load warmup /v1/track 1 64 "${app_urls[@]}" >/dev/null
seconds=20 load warmup /v1/batch 100 16 "${app_urls[@]}" >/dev/null
[ "$ceiling" = on ] && SP_KEY="$key" SP_PATH=/parse SP_BATCH=1 wrk -t2 -c16 -d5s -s "$script" "http://127.0.0.1:$ceiling_port" >/dev/null

# Rows stored for one run name: all, distinct messageIds, applied, failed.
# Only the rows stored since the measurements began are read: a grown database holds millions more.
count_sql() {
  echo "SELECT COUNT(*), COUNT(DISTINCT \"MessageId\"), SUM(CASE WHEN \"Status\" = 'Applied' THEN 1 ELSE 0 END), SUM(CASE WHEN \"Status\" = 'Failed' THEN 1 ELSE 0 END) FROM \"Events\" WHERE \"Id\" > $measured_from AND \"MessageId\" LIKE '%-bench-$tag-$1-%';"
}
stored() {
  if [ "$engine" = postgresql ]; then
    psql -h 127.0.0.1 -U postgres -At -F'|' -c "$(count_sql "$1")" "$pg_database"
  else
    python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$data/selligentportal.db?mode=ro', uri=True); print('|'.join(str(v) for v in c.execute(sys.argv[1]).fetchone()))" "$(count_sql "$1")"
  fi
}
results="$(mktemp)"
measured_from=$(events_held)
if [ "$shadow" = ab ]; then
  # The same build, database and customer with and without a shadow run, alternating, so the machine's
  # drift between runs falls on both sides alike.
  base="http://127.0.0.1:$app_port/api/v1/customers/$customer/configuration"
  if [ "$workload" = realistic ]; then draft_source="$here/realistic/configuration.json"; else draft_source=""; fi
  draft=$(if [ -n "$draft_source" ]; then cat "$draft_source"; else api "$base/draft"; fi | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d["internalDataSource"]["mapping"]["first_name"]
m["transforms"] = [*m.get("transforms", []), "uppercase"]
print(json.dumps(d))')
  api -X PUT --data-binary "$draft" "$base/draft" >/dev/null
  phase=0
  for state in $(for _ in $(seq "$rounds"); do echo off on on off; done); do
    phase=$(( phase + 1 ))
    if [ "$state" = on ]; then api -d '{"days":7}' "$base/shadow" >/dev/null; fi
    measure "track-$state$phase" app /v1/track 1 64 | tee -a "$results"
    measure "batch-$state$phase" app /v1/batch 100 16 | tee -a "$results"
    if [ "$state" = on ]; then
      sleep 2
      api -X POST "$base/shadow/stop" | python3 -c '
import json, sys
r = json.load(sys.stdin); s = r["summary"]
print("shadow-run phase=%s events=%d compared=%d changed=%d notCompared=%d" % (sys.argv[1], r["events"], s["compared"], s["changed"], s["notCompared"]))' "$phase" | tee -a "$results"
    fi
  done
  echo
  echo "engine=$engine workload=$workload durability=$durability prefill=$prefill seconds=$seconds shadow=ab"
  awk '
    /^shadow-run/ { print; next }
    { split($1, name, "-"); kind = name[1]; state = substr(name[2], 1, length(name[2]) - 1)
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      events = (kind == "batch" ? 100 : 1) * (v["requests"] - v["non2xx"])
      rate = v["rps"] * (kind == "batch" ? 100 : 1)
      cpu = 1e6 * v["app_cpu_s"] / (events > 0 ? events : 1)
      printf "%-14s %12.0f events/s  p99 %8.2f ms  app CPU %7.1f us/event\n", $1, rate, v["p99_ms"], cpu
      sum[kind, state] += rate; sq[kind, state] += rate * rate; cpus[kind, state] += cpu; n[kind, state]++ }
    END {
      for (k = 1; k <= 2; k++) { kind = (k == 1 ? "track" : "batch")
        off = sum[kind, "off"] / n[kind, "off"]; on = sum[kind, "on"] / n[kind, "on"]
        # The standard error of each mean (from the spread of its phases) and of the ratio.
        se_off = sqrt((sq[kind, "off"] / n[kind, "off"] - off * off) / (n[kind, "off"] - 1)); se_on = sqrt((sq[kind, "on"] / n[kind, "on"] - on * on) / (n[kind, "on"] - 1))
        se = (on / off) * sqrt((se_on / on) ^ 2 + (se_off / off) ^ 2)
        printf "%s: without a shadow run %.0f events/s, with one %.0f events/s: ratio %.3f (%+.1f%%, standard error %.1f points); app CPU %.1f against %.1f us/event\n",
          kind, off, on, on / off, 100 * (on / off - 1), 100 * se, cpus[kind, "on"] / n[kind, "on"], cpus[kind, "off"] / n[kind, "off"] }
    }' "$results"
  echo "stored (rows|distinct messageIds|applied|failed): track $(stored track), batch $(stored batch)"
  exit 0
fi
[ "$ceiling" = on ] && measure ceiling "http://127.0.0.1:$ceiling_port" /parse 1 64 | tee -a "$results"
measure track app /v1/track 1 64 | tee -a "$results"
[ "$ceiling" = on ] && measure ceiling-batch "http://127.0.0.1:$ceiling_port" /parse 100 16 | tee -a "$results"
measure batch app /v1/batch 100 16 | tee -a "$results"

rss=$(grep -E 'VmHWM|VmRSS' "/proc/$app_pid/status" | tr -s ' ' | tr '\n' ' ')$(if [ "$instances" -gt 1 ]; then echo "(instance 0 of $instances)"; fi)
sleep 1
stored_track=$(stored track)
stored_batch=$(stored batch)
size=$(if [ "$engine" = postgresql ]; then psql -h 127.0.0.1 -U postgres -At -c "SELECT pg_database_size('$pg_database') / 1048576" postgres; else du -sm "$data" | cut -f1; fi)

echo
echo "engine=$engine instances=$instances workload=$workload durability=$durability prefill=$prefill seconds=$seconds"
awk -v rss="$rss" -v stored_track="$stored_track" -v stored_batch="$stored_batch" -v size="$size" -v ceiling="$ceiling" '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] } }
  END {
    printf "%-26s %12s %10s %10s %14s\n", "measurement", "requests/s", "events/s", "p99 ms", "app CPU us/ev"
    if (ceiling == "on") printf "%-26s %12.0f %10.0f %10.2f\n", "ceiling (parse only)", v["ceiling","rps"], v["ceiling","rps"], v["ceiling","p99_ms"]
    track_events = v["track","requests"] - v["track","non2xx"]
    printf "%-26s %12.0f %10.0f %10.2f %14.1f\n", "POST /v1/track", v["track","rps"], v["track","rps"], v["track","p99_ms"], 1e6 * v["track","app_cpu_s"] / (track_events > 0 ? track_events : 1)
    if (ceiling == "on") printf "%-26s %12.0f %10.0f %10.2f\n", "ceiling, 100-event bodies", v["ceiling-batch","rps"], v["ceiling-batch","rps"] * 100, v["ceiling-batch","p99_ms"]
    batch_events = 100 * (v["batch","requests"] - v["batch","non2xx"])
    printf "%-26s %12.0f %10.0f %10.2f %14.1f\n", "POST /v1/batch (100)", v["batch","rps"], v["batch","rps"] * 100, v["batch","p99_ms"], 1e6 * v["batch","app_cpu_s"] / (batch_events > 0 ? batch_events : 1)
    if (ceiling == "on") printf "\ntrack / ceiling: %.0f%% (goal 50%%)   ", 100 * v["track","rps"] / v["ceiling","rps"]
    printf "batch events/s: %.0f (goal 30,000)\n", v["batch","rps"] * 100
    printf "acknowledged events: track %d, batch %d\n", track_events, batch_events
    printf "stored (rows|distinct messageIds|applied|failed): track %s, batch %s\n", stored_track, stored_batch
    printf "(rows = distinct: nothing twice; rows >= acknowledged: nothing lost; a few more rows are requests committed as wrk stopped)\n"
    printf "non-2xx: track %d, batch %d; socket errors: track %d, batch %d\n", v["track","non2xx"], v["batch","non2xx"], v["track","errors"], v["batch","errors"]
    printf "app memory: %s; database size: %s MB\n", rss, size
  }' "$results"
[ "$profile" = off ] || { echo; cat "$data/profiles.txt"; }
