# `show` gives the article with paragraph kinds; `stats` the counts.
c() { "$CORPUS" "$@"; }
c ingest -q seeds
c show 004_a7242d4182bbc41b --json | sed -E 's/"(ingested|updated)_at":"[^"]*"/"\1_at":"<time>"/g'
c show 001_d9715b6691a1f5e1 --tsv | cut -f1,2
c show 000_9338d67530e9ac8b | head -8
c show nope; echo "exit $?"
c stats --json | sed -E 's/"(db|index)_bytes":[0-9]+/"\1_bytes":<n>/g'
c show seeds/001_d9715b6691a1f5e1.txt --tsv | cut -f1,2 | head -2
