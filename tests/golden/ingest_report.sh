# `ingest --json` / `--tsv`: rejections and a summary on stdout for scripts; a reader that
# goes away does not stop the ingest.
c() { "$CORPUS" "$@"; }
mkdir in && cp seeds/*.txt in/ && printf 'x' > in/bad.txt
c ingest --json in | sed -E 's/"seconds":[0-9.]+/"seconds":<s>/'; echo "exit ${PIPESTATUS[0]}"
c ingest --tsv in | sed -E 's/seconds=[0-9.]+/seconds=<s>/'; echo "exit ${PIPESTATUS[0]}"
rm -f corpus.db*
c ingest --json in | head -1 > /dev/null; echo "closed stdout: exit ${PIPESTATUS[0]}"
c stats --tsv | head -1
