# Re-ingesting changes nothing; an edited file is updated in place; a copy elsewhere is a
# duplicate path of one article; --prune drops what is gone.
c() { "$CORPUS" "$@"; }
strip() { sed -E 's/ in [0-9.]+ s \([0-9.]+ MB\)//'; }
c ingest seeds 2>&1 | strip
c ingest seeds 2>&1 | strip
printf '\n\nHai bên cũng bàn về hợp tác với Thụy Điển.' >> seeds/004_a7242d4182bbc41b.txt
c ingest seeds 2>&1 | strip
c search 'Thụy Điển' --tsv | cut -f1
mkdir copy && cp seeds/004_*.txt copy/renamed.txt
c ingest copy 2>&1 | strip
c show 004_a7242d4182bbc41b --json | grep -o '"paths":\[[^]]*\]'
c stats --tsv | grep -E '^(articles|sources)'
rm seeds/001_*.txt
c ingest --prune seeds 2>&1 | strip
c stats --tsv | grep -E '^(articles|sources)'
