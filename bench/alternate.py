#!/usr/bin/env python3
"""Whole-process latency of several commands, run in turn so that the machine's drift falls
on all of them alike: the median wall time of each, in milliseconds.

    bench/alternate.py N -- CMD1 ... ';;' CMD2 ... [';;' CMD3 ...]

Each command runs once untimed first (the page cache), then N times, one after the other in
every round. The README's alternating figures come from it, for instance:

    bench/alternate.py 40 -- build/corpus --db c80k.db search Azerbaijan --json --limit 20 ';;' \
        sqlite3 -json bare.db "SELECT rowid, title, snippet(fts, 2, '[', ']', '…', 24), rank
        FROM fts WHERE fts MATCH 'Azerbaijan' ORDER BY rank LIMIT 20"
"""
import statistics, subprocess, sys, time

if len(sys.argv) < 4 or sys.argv[2] != "--":
    sys.exit(__doc__)
rounds = int(sys.argv[1])
commands, current = [], []
for arg in sys.argv[3:]:
    if arg == ";;":
        commands.append(current)
        current = []
    else:
        current.append(arg)
commands.append(current)
times = [[] for _ in commands]
for cmd in commands:
    subprocess.run(cmd, capture_output=True)
for _ in range(rounds):
    for i, cmd in enumerate(commands):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times[i].append(time.perf_counter() - start)
for cmd, t in zip(commands, times):
    shown = " ".join(a if len(a) < 40 else a[:37] + "..." for a in cmd)
    print(f"{statistics.median(t) * 1000:8.2f} ms  {shown}")
