#!/usr/bin/env bash
# Dedupe benchmark: `corpus dedupe` over Baomoi + VietNews (58,000 articles), the full run and
# then 1,000 new articles against the rest, each beside the `corpus ingest` of the same
# articles in the same invocation (the baseline: what reading them in costs).
#
#   bench/dedupe.sh [BUILD_DIR]
#
# Prints wall time and peak memory (max RSS) of each step, the ratios to ingest, and the pairs
# found per relation. The corpora are read from ../shared/data (never committed here).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
corpus=$build/corpus
data=$root/../shared/data
for f in baomoi_35k vietnews_test; do
  [ -f "$data/$f.jsonl.gz" ] || { echo "no $data/$f.jsonl.gz" >&2; exit 2; }
done
[ -x "$corpus" ] || { echo "build first: no $corpus" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zcat "$data/baomoi_35k.jsonl.gz" "$data/vietnews_test.jsonl.gz" > "$work/all.jsonl"
total=$(wc -l < "$work/all.jsonl")
head -n $((total - 1000)) "$work/all.jsonl" > "$work/base.jsonl"
tail -n 1000 "$work/all.jsonl" > "$work/new.jsonl"

# Wall seconds and peak RSS in MiB of a command: sets T and M.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r T kib < "$work/time"
  M=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
}

# What fingerprinting adds to ingest: the same load without it, into a database of its own.
measure "$corpus" --db "$work/nofp.db" ingest -q --no-entities --no-fingerprints "$work/base.jsonl"
nofp_t=$T nofp_m=$M
rm -f "$work"/nofp.db*
db=$work/c.db
measure "$corpus" --db "$db" ingest -q --no-entities "$work/base.jsonl"; ingest_t=$T ingest_m=$M
measure "$corpus" --db "$db" dedupe -q --relation exact; full_t=$T full_m=$M
# The same 1,000 as a routine ingest does them once dedupe has run: checked as they come in.
cp "$db" "$work/routine.db"
measure "$corpus" --db "$work/routine.db" ingest -q --no-entities "$work/new.jsonl"; routine_t=$T routine_m=$M
rm -f "$work"/routine.db*
measure "$corpus" --db "$db" ingest -q --no-entities --no-dedupe "$work/new.jsonl"; ingest1k_t=$T ingest1k_m=$M
measure "$corpus" --db "$db" dedupe --relation exact; inc_t=$T inc_m=$M
inc_summary=$(cat "$work/err")
measure "$corpus" --db "$db" dedupe; again_t=$T again_m=$M
again_summary=$(cat "$work/err")

echo "dedupe: $((total - 1000)) articles (baomoi_35k + vietnews_test), then 1,000 more"
printf '%-40s %9s %9s\n' step seconds "peak MiB"
printf '%-40s %9s %9s\n' "ingest --no-entities --no-fingerprints" "$nofp_t" "$nofp_m"
printf '%-40s %9s %9s\n' "ingest --no-entities (baseline)" "$ingest_t" "$ingest_m"
printf '%-40s %9s %9s\n' "dedupe, full run" "$full_t" "$full_m"
printf '%-40s %9s %9s\n' "ingest 1,000 more --no-dedupe (baseline)" "$ingest1k_t" "$ingest1k_m"
printf '%-40s %9s %9s\n' "dedupe, the 1,000 against the rest" "$inc_t" "$inc_m"
printf '%-40s %9s %9s\n' "ingest 1,000 more, checked as they come" "$routine_t" "$routine_m"
printf '%-40s %9s %9s\n' "dedupe, nothing new" "$again_t" "$again_m"
awk -v a="$full_t" -v b="$ingest_t" -v c="$inc_t" -v d="$ingest1k_t" -v e="$nofp_t" 'BEGIN {
  printf "ratios: fingerprints cost ingest %.0f%%; full dedupe / ingest %.2fx; incremental dedupe / its ingest %.2fx; incremental / full %.3f\n", 100 * (1 - e / b), a / b, c / d, c / a }'
echo "incremental run: $inc_summary"
echo "nothing new: $again_summary"
echo "pairs by relation:"
"$corpus" --db "$db" dedupe -q --tsv | cut -f1 | sort | uniq -c
