#!/usr/bin/env bash
# The request side alone: POST /v1/track with an unknown key, answered 401 before any parsing and
# without the writer, so what is measured is Kestrel, the pipeline in front of ingestion and the
# endpoint. Compares builds of checkouts (default: this one), alternating A B B A A B.
#
# Usage: bench/ingestion/request-side.sh [checkout ...]
#   from the repository root: git worktree add /tmp/routed 2adb0de && bench/ingestion/request-side.sh "$PWD" /tmp/routed
# Prints requests/s and the app's CPU time per request for each run.
set -euo pipefail
cd "$(dirname "$0")"
checkouts=("$@")
[ ${#checkouts[@]} -gt 0 ] || checkouts=("$(cd ../.. && pwd)")
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 1; }
port=5311
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use" >&2; exit 1; fi
for checkout in "${checkouts[@]}"; do
  echo "# building $checkout (Release)" >&2
  dotnet build "$checkout/SelligentPortal/SelligentPortal.csproj" -c Release -nologo -v q >&2
done

script="$(mktemp)"
trap 'rm -f "$script"' EXIT
cat >"$script" <<'LUA'
wrk.method = "POST"
wrk.body = '{"type":"track","userId":"u","event":"E","messageId":"m"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer spk_unknownkey0123456789"
LUA

order=()
if [ ${#checkouts[@]} -eq 2 ]; then order=(0 1 1 0 0 1); else for i in "${!checkouts[@]}"; do order+=("$i" "$i"); done; fi
for i in "${order[@]}"; do
  checkout="${checkouts[$i]}"
  data="$(mktemp -d)"
  env ASPNETCORE_ENVIRONMENT=Production Database__DataFolder="$data" Logging__LogLevel__Default=Warning \
    dotnet "$checkout/SelligentPortal/bin/Release/net10.0/SelligentPortal.dll" --urls "http://127.0.0.1:$port" --contentRoot "$checkout" >"$data/app.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.5; done
  wrk -t2 -c64 -d10s -s "$script" "http://127.0.0.1:$port/v1/track" >/dev/null # warm-up
  before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  out=$(wrk -t2 -c64 -d10s -s "$script" "http://127.0.0.1:$port/v1/track")
  after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$data"
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  echo "$checkout: $(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }') req/s (all 401: $(echo "$out" | grep -q 'Non-2xx or 3xx responses: '"$requests" && echo yes || echo no)), app CPU $(awk -v t=$(( after - before )) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", 1e6 * t / hz / n }') us/request"
done
