#!/usr/bin/env bash
# Where `corpus ingest` spends its time: CPU seconds per thread (from /proc while it runs),
# then perf's share of samples per thread and the hottest functions of each.
#
#   bench/profile.sh [CORPUS.jsonl(.gz)] [BUILD_DIR]
#
# The corpus defaults to the three benchmark corpora of ../shared/data (never committed
# here). Needs perf (apt-get install linux-perf). SQLite's functions have names when it is
# linked statically (CORPUS_STATIC_SQLITE, the default); Debian's shared libsqlite3 has none.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build}
corpus=$build/corpus
command -v perf >/dev/null || { echo "needs perf (apt-get install linux-perf)" >&2; exit 2; }
[ -x "$corpus" ] || { echo "build first: no $corpus" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${1:-}" ]; then
  zcat -f "$1" > "$work/in.jsonl"
else
  data=$root/../shared/data
  zcat "$data/baomoi_35k.jsonl.gz" "$data/vietnews_test.jsonl.gz" "$data/reuters21578.jsonl.gz" > "$work/in.jsonl"
fi

echo "== CPU seconds per thread"
python3 - "$corpus" "$work" <<'EOF'
import os, subprocess, sys, time
corpus, work = sys.argv[1], sys.argv[2]
start = time.time()
p = subprocess.Popen([corpus, "--db", f"{work}/t.db", "ingest", "-q", f"{work}/in.jsonl"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
seen, hz = {}, os.sysconf("SC_CLK_TCK")
while p.poll() is None:
    try:
        for tid in os.listdir(f"/proc/{p.pid}/task"):
            try:
                stat = open(f"/proc/{p.pid}/task/{tid}/stat").read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            seen[tid] = (name, int(fields[11]) / hz, int(fields[12]) / hz)
    except OSError:
        pass
    time.sleep(0.05)
print(f"wall {time.time() - start:.2f} s")
for name, user, system in sorted(seen.values()):
    print(f"  {name:16} user {user:6.2f}  system {system:5.2f}")
EOF

rm -f "$work"/t.db*
perf record -q -o "$work/perf.data" -F 499 -g -- "$corpus" --db "$work/t.db" ingest -q "$work/in.jsonl" \
  >/dev/null 2>&1 || true
echo
echo "== share of samples per thread"
{ perf report -i "$work/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep -E '^ +[0-9]'; } || true
for thread in corpus corpus-extract corpus-writer corpus-ckpt; do
  echo
  echo "== $thread: hottest functions (self time, % of this thread's samples)"
  { perf report -i "$work/perf.data" --comm "$thread" --percentage relative --no-children --sort dso,sym --stdio -g none 2>/dev/null |
      grep -E '^ +[0-9]' | grep -v ' 0x0000' | cut -c1-150 | head -12; } || true
done

# The writer spends most of its time inside SQLite, whose functions do not say which of our
# statements they serve: charge each sample to the corpus function that called into SQLite
# (the innermost corpus:: frame of its stack, unwound with DWARF), which names the statement.
echo
echo "== corpus-writer: time by the corpus function that called SQLite (% of the thread's samples)"
rm -f "$work"/t.db*
perf record -q -o "$work/dwarf.data" -F 199 --call-graph dwarf,16384 -- "$corpus" --db "$work/t.db" ingest -q \
  "$work/in.jsonl" >/dev/null 2>&1 || true
perf script -i "$work/dwarf.data" --comm corpus-writer -F ip,sym 2>/dev/null | python3 -c '
import collections, re, sys
# What SQLite does for the caller, where its exported functions show it.
PHASES = [("sqlite3VtabSavepoint", "FTS5 writes its pending terms (a statement savepoint)"),
          ("sqlite3VtabSync", "FTS5 writes its pending terms (commit)"),
          ("sqlite3WalFrames", "commit: the pages into the WAL"),
          ("sqlite3_wal_checkpoint_v2", "WAL restart (checkpoint on the writer)")]
counts, total = collections.Counter(), 0
for sample in sys.stdin.read().split("\n\n"):
    frames = [line.strip().split(" ", 1)[-1] for line in sample.strip().splitlines()]
    if not frames:
        continue
    total += 1
    phase = next((label for sym, label in PHASES if any(f.startswith(sym) for f in frames)), None)
    # Statement::step/run only pass the call on: the caller above them names the statement.
    ours = next((f for f in frames if f.startswith("corpus::") and not f.startswith("corpus::Statement")), "(other)")
    ours = re.sub(r"\(.*", "", ours.replace("(anonymous namespace)::", ""))
    if "x_tokenize" in ours:
        ours = "corpus::x_tokenize (the replayed tokens, into FTS5\x27s hash)"
    counts[phase or ours] += 1
for name, n in counts.most_common(16):
    print(f"  {100 * n / max(total, 1):5.1f}%  {name}")
'
