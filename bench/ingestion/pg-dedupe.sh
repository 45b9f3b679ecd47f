#!/usr/bin/env bash
# The PostgreSQL writer's dedupe insert, unnest arrays against COPY into a staging table, by group size.
# Usage: bench/ingestion/pg-dedupe.sh [events per run, default 100000] [group sizes...]
# Server: PG (an Npgsql connection string without a database), default the local postgres user.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build PgDedupe/PgDedupe.csproj -c Release -nologo -v q >&2
dotnet PgDedupe/bin/Release/net10.0/PgDedupe.dll "$@"
