#!/usr/bin/env python3
"""
Where the app's CPU time goes, from `perf script` output (call stacks, 999 Hz) on stdin.

Usage: perf script -i FILE | profile-split.py NAME [APP_CPU_US_PER_EVENT]

Each sample is put in one stage: the first stage marker found walking its stack from the leaf up (so
SQLite called by the writer is "write", JSON read by the parser is "parse"), and in one kind: where
the leaf ran (kernel, SQLite's native code, the runtime, managed code). With the app's CPU time per
event, the shares become microseconds per event.
"""
import collections
import re
import sys

name = sys.argv[1] if len(sys.argv) > 1 else "profile"
us_per_event = float(sys.argv[2]) if len(sys.argv) > 2 else None

# Stage markers, checked against each managed frame from the leaf up; the first that matches wins.
STAGES = [
    ("shadow run", ("SelligentPortal.Core.Shadow",)),
    ("write: writer and storage", ("IngestionWriter", "IngestionStore", "SelligentPortal.Core.Persistence", "SQLitePCL", "Npgsql")),
    ("prepare: map", ("SelligentPortal.Core.Mapping",)),
    ("prepare: parse", ("SegmentPayloadParser", "SelligentPortal.Core.Json")),
    ("prepare: keys, limits, event lines", ("SelligentPortal.Core.Ingestion", "SelligentPortal.Core.Sources")),
    ("receive and answer: endpoint", ("SelligentPortal.Endpoints",)),
    ("HTTP server: Kestrel, sockets", ("Microsoft.AspNetCore", "System.Net.Sockets", "System.IO.Pipelines", "System.Net.Http")),
]
THREAD_STAGES = [
    (".NET Tiered Com", "JIT: tiered compilation"),
    (".NET Server GC", "GC threads"),
    (".NET BGC", "GC threads"),
]

header = re.compile(r"^(.*?)\s+\d+(?:/\d+)?\s+[\d.]+:")
frame = re.compile(r"^\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")


def kind_of(dso):
    if "kernel" in dso:
        return "kernel"
    if "sqlite" in dso:
        return "SQLite (native)"
    if "libcoreclr" in dso or "libclrjit" in dso:
        return "runtime (GC, JIT, stubs)"
    if "perf-" in dso or dso.endswith(".dll"):
        return "managed"
    return "other native (libc, ...)"


def classify(thread, stack):
    for prefix, stage in THREAD_STAGES:
        if thread.startswith(prefix):
            return stage
    for sym, dso in stack:
        if "perf-" not in dso and not dso.endswith(".dll"):
            continue
        for stage, markers in STAGES:
            if any(m in sym for m in markers):
                return stage
    # No managed frame said which stage: native code built without frame pointers (SQLite, libc) ends
    # the unwinding early. What the native frames did still tells the stage apart.
    for sym, dso in stack:
        if "sqlite" in dso:
            return "write: writer and storage"
    symbols = " ".join(sym for sym, _ in stack)
    if re.search(r"fsync|fdatasync|ext4|pwrite|pread|vfs_write|vfs_read|filemap|writepages|blk_", symbols):
        return "write: writer and storage"
    if re.search(r"tcp|sock|epoll|inet|sendto|recvfrom|sendmsg|recvmsg|ip_|net_rx|skb", symbols):
        return "HTTP server: Kestrel, sockets"
    if re.search(r"futex|sched_yield|schedule|nanosleep", symbols):
        return "waiting and waking threads"
    return "other: thread pool, timers, unnamed"


stages = collections.Counter()
kinds = collections.defaultdict(collections.Counter)
syscalls = collections.defaultdict(collections.Counter)
leaves = collections.defaultdict(collections.Counter)
total = 0
thread, stack = None, []


def flush():
    global total
    if thread is None or not stack:
        return
    stage = classify(thread, stack)
    stages[stage] += 1
    kinds[stage][kind_of(stack[0][1])] += 1
    syscall = next((sym for sym, _ in stack if sym.startswith("__x64_sys_")), None)
    if syscall:
        syscalls[stage][re.sub(r"\+0x[0-9a-f]+$", "", syscall)[len("__x64_sys_"):]] += 1
    leaves[stage][re.sub(r"\+0x[0-9a-f]+$", "", stack[0][0])[:90]] += 1
    total += 1


for line in sys.stdin:
    if not line.strip():
        flush()
        thread, stack = None, []
        continue
    if not line.startswith((" ", "\t")):
        m = header.match(line)
        thread = m.group(1) if m else "?"
        continue
    m = frame.match(line)
    if m:
        stack.append((m.group(1), m.group(2)))
flush()

if total == 0:
    print(f"{name}: no samples")
    sys.exit(0)
kind_names = ["managed", "SQLite (native)", "kernel", "runtime (GC, JIT, stubs)", "other native (libc, ...)"]
print(f"{name}: {total} samples of the app's CPU" + (f", {us_per_event:.1f} us per event" if us_per_event else ""))
print(f"  {'stage':38} {'share':>6} {'us/ev':>6}   " + "  ".join(f"{k.split(' ')[0]:>8}" for k in kind_names))
for stage, count in stages.most_common():
    share = count / total
    us = f"{share * us_per_event:6.1f}" if us_per_event else "     -"
    split = "  ".join(f"{100 * kinds[stage][k] / count:7.0f}%" for k in kind_names)
    print(f"  {stage:38} {100 * share:5.1f}% {us}   {split}")
all_kinds = collections.Counter()
for c in kinds.values():
    all_kinds.update(c)
print("  by where the leaf ran: " + ", ".join(f"{k} {100 * all_kinds[k] / total:.0f}%" for k in kind_names))

# The largest stages in detail: the system calls their kernel time came from, and their busiest functions.
for stage, count in stages.most_common():
    if count / total < 0.2:
        break
    calls = ", ".join(f"{c} {100 * n / count:.0f}%" for c, n in syscalls[stage].most_common(6))
    print(f"  {stage}: system calls {calls}")
    print(f"  {stage}: busiest functions " + ", ".join(f"{sym} {100 * n / count:.0f}%" for sym, n in leaves[stage].most_common(8)))
