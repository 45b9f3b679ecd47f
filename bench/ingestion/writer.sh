#!/usr/bin/env bash
# The ingestion writer alone, on one thread: the load benchmark's track event, parsed and mapped
# beforehand, stored through IngestionStore in commits of 20, 100 and 1,000 events (fresh database
# each), so the figures show what the writer costs without HTTP or anything else sharing the cores.
# Usage: bench/ingestion/writer.sh [events per size, default 100000] [group sizes...]
set -euo pipefail
cd "$(dirname "$0")"
dotnet build WriterBench/WriterBench.csproj -c Release -nologo -v q >&2
dotnet WriterBench/bin/Release/net10.0/WriterBench.dll event.lua "$@"
