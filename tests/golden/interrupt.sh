# Ctrl-C stops between articles and keeps every whole one (exit 130); a kill -9 in the middle
# of a batch loses that batch and nothing else; the database stays consistent either way.
c() { "$CORPUS" "$@"; }
records() { for i in $(seq "$1" "$2"); do printf '{"id":"r%d","title":"Tin số %d","body":"Đại hội lần thứ %d."}\n' "$i" "$i" "$i"; done; }
# Waits (up to 20 s) until `corpus stats` on DB reports N articles.
wait_for() { for _ in $(seq 200); do [ "$(c --db "$1" stats --tsv 2>/dev/null | head -1)" = "articles	$2" ] && return; sleep 0.1; done; echo "timed out waiting for $2 articles"; }

# The feeder writes 50 records, then holds the pipe open until told to go on.
feed() { records 1 50; while [ ! -e go ]; do sleep 0.05; done; records 51 100 2>/dev/null; }
mkfifo feed
rm -f go; feed > feed & feeder=$!
"$CORPUS" --db int.db ingest -q --batch 10 --jsonl - < feed & pid=$!
wait_for int.db 50                      # five whole batches are in; the reader waits on the pipe
kill -INT $pid; wait $pid; echo "SIGINT: exit $?"
touch go; wait $feeder 2>/dev/null
c --db int.db check
c --db int.db stats --tsv | head -1

rm -f go; feed > feed & feeder=$!
"$CORPUS" --db kill.db ingest -q --batch 1000 --jsonl - < feed & pid=$!
for _ in $(seq 200); do [ -e kill.db ] && break; sleep 0.1; done
sleep 0.5                               # the 50 records sit in the open batch
kill -KILL $pid; wait $pid 2>/dev/null; echo "SIGKILL: exit $?"
touch go; wait $feeder 2>/dev/null
c --db kill.db check
c --db kill.db stats --tsv | head -1
records 1 100 | c --db kill.db ingest -q --jsonl -; echo "re-ingest: exit $?"
c --db kill.db search dai --count
