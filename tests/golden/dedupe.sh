# Overlapping articles among the seeds: 001 is an excerpt of 000 (contained), 004 shares a few
# sentences with 000 (partial), nothing else; results stay in the store; an edit or a new copy
# is found by the next run.
c() { "$CORPUS" "$@"; }
# The summary on stderr, its time blanked.
summary() { "$CORPUS" "$@" 2>&1 >/dev/null | sed -E 's/ in [0-9.]+ s$/ in <t> s/'; }
c ingest -q seeds; echo "ingest exit $?"
echo "== dedupe"; summary dedupe; c dedupe -q; echo "exit $?"
echo "== again: answered from the store"; summary dedupe
echo "== --tsv"; c dedupe -q --tsv
echo "== --json (a, b, relation, passages)"; c dedupe -q --json | grep -o '"a":"[^"]*","b":"[^"]*"\|"relation":"[^"]*"\|"passages":\[[^]]*\]' | cut -c1-120
echo "== --article 004"; c dedupe -q --article 004_a7242d4182bbc41b --tsv | cut -f1-3
echo "== --relation contained"; c dedupe -q --relation contained --tsv | cut -f1-3
echo "== --explain"; c dedupe --explain 004_a7242d4182bbc41b 000_9338d67530e9ac8b | head -7
echo "== --explain, the excerpt named second is shown first"; c dedupe --explain 000_9338d67530e9ac8b 001_d9715b6691a1f5e1 | head -1
echo "== --explain --json"; c dedupe --explain 001_d9715b6691a1f5e1 000_9338d67530e9ac8b --json | grep -o '"a_text":"[^"]\{0,40\}\|"b_text":"[^"]\{0,40\}' | head -2
echo "== --explain, unrelated"; c dedupe --explain 001_d9715b6691a1f5e1 004_a7242d4182bbc41b; echo "exit $?"
echo "== --explain, no such article"; c dedupe --explain 001_d9715b6691a1f5e1 nope; echo "exit $?"
echo "== --clusters (no copies yet)"; c dedupe -q --clusters; echo "exit $?"
echo "== search --collapse before dedupe has run: a hint, and nothing collapsed"
c --db fresh.db ingest -q --no-fingerprints seeds; c --db fresh.db search Azerbaijan --collapse --tsv | cut -f1
echo "== --dedupe: a first ingest checks for copies too"
"$CORPUS" --db third.db ingest --dedupe seeds 2>&1 >/dev/null | grep '^dedupe:' | sed -E 's/ in [0-9.]+ s$/ in <t> s/'
echo "== ingested without fingerprints: dedupe makes them"
summary --db fresh.db dedupe
echo "== a copy of 004 and an edited copy of 001: after dedupe has run, ingest checks them"
mkdir -p more
sed 's/^ date 2025-10-26 .*/ date 2025-10-27 Một bản sao/' seeds/004_a7242d4182bbc41b.txt > more/copy.txt
sed 's/hợp tác/cộng tác/' seeds/001_d9715b6691a1f5e1.txt > more/edited.txt
"$CORPUS" ingest more 2>&1 >/dev/null | grep '^dedupe:' | sed -E 's/ in [0-9.]+ s$/ in <t> s/'
summary dedupe; c dedupe -q --tsv | cut -f1-3 | sort
echo "== search --collapse: one hit per group of copies"; c search Azerbaijan --tsv | cut -f1
c search Azerbaijan --collapse --json | grep -o '"id":"[^"]*"\|"hidden":[0-9]*'
c search Azerbaijan --collapse --offset 1 --tsv | cut -f1
echo "== --clusters"; c dedupe -q --clusters
echo "== --clusters --json"; c dedupe -q --clusters --json
echo "== thresholds (results made again)"; summary dedupe --min-partial 200; c dedupe -q --min-partial 200 --tsv | cut -f1-3 | sort
c dedupe --near 1.5; echo "exit $?"
