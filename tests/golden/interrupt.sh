# Ctrl-C stops between articles and keeps every whole one (exit 130); a kill -9 in the middle
# of a batch loses that batch and nothing else; the database stays consistent either way.
c() { "$CORPUS" "$@"; }
records() { for i in $(seq "$1" "$2"); do printf '{"id":"r%d","title":"Tin số %d","body":"Đại hội lần thứ %d."}\n' "$i" "$i" "$i"; done; }

mkfifo feed
{ records 1 50; sleep 1; records 51 100; } > feed &
"$CORPUS" --db int.db ingest -q --batch 10 --jsonl - < feed & pid=$!
sleep 0.5; kill -INT $pid; wait $pid; echo "SIGINT: exit $?"
c --db int.db check
c --db int.db stats --tsv | head -1

{ records 1 50; sleep 2; records 51 100; } > feed &
"$CORPUS" --db kill.db ingest -q --batch 1000 --jsonl - < feed & pid=$!
sleep 0.5; kill -KILL $pid; wait $pid 2>/dev/null; echo "SIGKILL: exit $?"
wait
c --db kill.db check
c --db kill.db stats --tsv | head -1
records 1 100 | c --db kill.db ingest -q --jsonl -; echo "re-ingest: exit $?"
c --db kill.db search dai --count
