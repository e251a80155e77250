# Pipelines: paths and records on stdin, $CORPUS_DB, a closed pipe, usage errors.
c() { "$CORPUS" "$@"; }
ls seeds/*.txt | c ingest -q -; echo "paths from stdin: exit $?"
printf '{"id":"s1","title":"From stdin","body":"Azerbaijan and Viet Nam signed agreements."}\n' \
  | c ingest -q --jsonl -; echo "records from stdin: exit $?"
c search agreement --tsv | cut -f1,3
CORPUS_DB=other.db c ingest -q seeds/000_9338d67530e9ac8b.txt
CORPUS_DB=other.db c stats --tsv | head -1
c search dai --db other.db --count
c search dai | head -1 >/dev/null; echo "closed pipe: exit ${PIPESTATUS[0]}"
c search dai --from 26/10/2025; echo "bad date: exit $?"
c search dai --lang fr 2>&1 | head -1; echo "bad lang: exit ${PIPESTATUS[0]}"
c --db missing.db search dai; echo "missing db: exit $?"
c frobnicate 2>&1 | head -1; echo "unknown subcommand: exit ${PIPESTATUS[0]}"
c search 'x' --fts5 '"' ; echo "raw fts5 error: exit $?"
