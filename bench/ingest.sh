#!/usr/bin/env bash
# Ingest benchmark: `corpus ingest` of a JSON Lines corpus beside a bare sqlite3 FTS5 load
# (unicode61 remove_diacritics 2) of the same text, in the same run, on the same machine.
#
#   bench/ingest.sh [CORPUS.jsonl.gz] [BUILD_DIR]        (RUNS=3 by default)
#
# Prints wall time, throughput, peak memory (max RSS) and database size for both, and the
# ratios; and a third load, `corpus ingest --no-entities`, for what entity extraction costs. Each load runs RUNS times, the two alternating so that both see the same machine;
# the median time and the largest peak are reported. The corpus defaults to
# ../shared/data/baomoi_35k.jsonl.gz (never committed here).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data/baomoi_35k.jsonl.gz}
build=${2:-$root/build}
corpus=$build/corpus
[ -f "$data" ] || { echo "no corpus at $data" >&2; exit 2; }
[ -x "$corpus" ] || { echo "build first: no $corpus" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 CLI (apt-get install sqlite3)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zcat "$data" > "$work/in.jsonl"

runs=${RUNS:-3}

# Wall seconds and peak RSS (KiB) of a command, from GNU time, appended to $work/NAME.times.
measure() { # name, command...
  local name=$1; shift
  # The previous load's database is still being written back to disk; on 2 cores that
  # writeback would take CPU from whichever load runs next.
  sync
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    echo "$name failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
  cat "$work/$name.time" >> "$work/$name.times"
}

# Sets NAME_secs (median) and NAME_kib (largest) from the runs.
summarise() {
  local name=$1
  eval "${name}_secs=$(sort -n -k1 "$work/$name.times" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')"
  eval "${name}_kib=$(sort -n -k2 "$work/$name.times" | tail -1 | awk '{ print $2 }')"
}

# Baseline: the sqlite3 CLI reads the lines, extracts the fields with its JSON functions and
# fills an FTS5 table that keeps its own copy of the text, as a user of sqlite3 would.
cat > "$work/bare.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE raw(j TEXT);
.mode ascii
.separator "$(printf '\037')" "\n"
.import $work/in.jsonl raw
CREATE VIRTUAL TABLE fts USING fts5(title, lead, body, tokenize='unicode61 remove_diacritics 2');
INSERT INTO fts SELECT j->>'title', coalesce(j->>'summary', ''), coalesce(j->>'body', '') FROM raw;
DROP TABLE raw;
SQL
for run in $(seq "$runs"); do
  rm -f "$work"/bare.db* "$work"/corpus.db*
  measure bare sqlite3 "$work/bare.db" ".read $work/bare.sql"
  measure corpus "$corpus" --db "$work/corpus.db" ingest -q "$work/in.jsonl"
  rm -f "$work"/noent.db*
  measure noent "$corpus" --db "$work/noent.db" ingest -q --no-entities "$work/in.jsonl"
done
summarise bare
summarise corpus
summarise noent
sqlite3 "$work/bare.db" "VACUUM" >/dev/null
bare_bytes=$(stat -c %s "$work/bare.db")
text_bytes=$(sqlite3 "$work/bare.db" \
  "SELECT sum(length(CAST(title AS BLOB)) + length(CAST(lead AS BLOB)) + length(CAST(body AS BLOB))) FROM fts")
articles=$(sqlite3 "$work/bare.db" "SELECT count(*) FROM fts")

sqlite3 "$work/corpus.db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM" >/dev/null
corpus_bytes=$(stat -c %s "$work/corpus.db")
corpus_articles=$(sqlite3 "$work/corpus.db" "SELECT count(*) FROM articles")

entities=$(sqlite3 "$work/corpus.db" "SELECT count(*) FROM entities")
mentions=$(sqlite3 "$work/corpus.db" "SELECT count(*) FROM mentions")
awk -v runs="$runs" -v n="$articles" -v cn="$corpus_articles" -v tb="$text_bytes" \
    -v ns="$noent_secs" -v nk="$noent_kib" -v ne="$entities" -v nm="$mentions" \
    -v bs="$bare_secs" -v bk="$bare_kib" -v bb="$bare_bytes" \
    -v cs="$corpus_secs" -v ck="$corpus_kib" -v cb="$corpus_bytes" -v data="$(basename "$data")" 'BEGIN {
  printf "corpus: %s, %d articles (%d stored by corpus), %.1f MB of text; median of %d runs\n\n", data, n, cn, tb / 1e6, runs
  printf "%-28s %9s %9s %11s %10s\n", "load", "seconds", "MB/s", "peak MiB", "db MiB"
  printf "%-28s %9.2f %9.1f %11.1f %10.1f\n", "sqlite3 FTS5 unicode61 rd2", bs, tb / 1e6 / bs, bk / 1024, bb / 1048576
  printf "%-28s %9.2f %9.1f %11.1f %10.1f\n", "corpus ingest", cs, tb / 1e6 / cs, ck / 1024, cb / 1048576
  printf "%-28s %9.2f %9.1f %11.1f %10s\n", "corpus ingest --no-entities", ns, tb / 1e6 / ns, nk / 1024, "-"
  printf "\nratios (corpus / bare): throughput %.2fx, peak memory %.2fx, database size %.2fx\n", bs / cs, ck / bk, cb / bb
  printf "entities: %d entities, %d mentions; throughput with / without extraction %.2fx (extraction costs %.0f%% of throughput)\n", ne, nm, ns / cs, (1 - ns / cs) * 100
}'
