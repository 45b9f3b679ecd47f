#!/usr/bin/env bash
# The records grid's queries on one customer with a million IDS records (and 100,000 interactions),
# through RecordQueries, the code path of the portal's grid and the API.
# Usage: bench/records/run.sh [records, default 1000000] [runs per query, default 30]
# The database is seeded once (direct SQLite inserts in one transaction, ~1 minute) into
# bench/records/data/ (not committed) and reused; delete it to seed again. EXPLAIN=1 prints each plan.
set -euo pipefail
cd "$(dirname "$0")"
records="${1:-1000000}"
runs="${2:-30}"
mkdir -p data
dotnet build RecordsBench/RecordsBench.csproj -c Release -nologo -v q >&2
dotnet RecordsBench/bin/Release/net10.0/RecordsBench.dll "data/records-$records.db" "$records" "$runs"
