# On a terminal: colour for the title and the matched words; NO_COLOR or a pipe turn it off.
c() { "$CORPUS" "$@"; }
c ingest -q seeds
command -v script >/dev/null || { echo "no script(1)"; exit 0; }
show() { tr -d '\r' | sed 's/\x1b/<ESC>/g'; }
script -qec "env -u NO_COLOR $CORPUS search 'Thụy Điển' --limit 1" /dev/null | show
script -qec "env NO_COLOR=1 $CORPUS search 'Thụy Điển' --limit 1" /dev/null | show
env -u NO_COLOR "$CORPUS" search 'Thụy Điển' --limit 1 | show
