# On a terminal: colour for the title and the matched words; NO_COLOR or a pipe turn it off.
c() { "$CORPUS" "$@"; }
c ingest -q seeds
command -v script >/dev/null || { echo "no script(1)"; exit 0; }
show() { tr -d '\r' | sed 's/\x1b/<ESC>/g'; }
script -qec "env -u NO_COLOR $CORPUS search 'Thụy Điển' --limit 1" /dev/null | show
script -qec "env NO_COLOR=1 $CORPUS search 'Thụy Điển' --limit 1" /dev/null | show
env -u NO_COLOR "$CORPUS" search 'Thụy Điển' --limit 1 | show
# A live progress line while an ingest runs on a terminal (rewritten in place), none in a pipe.
cat > feed.sh <<'SH'
for i in 1 2 3; do printf '{"id":"p%d","title":"Tin %d","body":"Thân bài."}\n' "$i" "$i"; done
sleep 0.6
for i in 4 5 6; do printf '{"id":"p%d","title":"Tin %d","body":"Thân bài."}\n' "$i" "$i"; done
SH
script -qec "sh feed.sh | $CORPUS --db p.db ingest --jsonl -" /dev/null | tr '\r' '\n' | grep -c ' read, .* added' | sed 's/^[1-9][0-9]*$/progress shown/'
sh feed.sh | "$CORPUS" --db q.db ingest --jsonl - 2>&1 | grep -c ' read, ' | sed 's/^0$/no progress in a pipe/'
