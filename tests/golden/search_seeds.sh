# After `corpus ingest seeds/`: the issue's queries, as a script sees them.
c() { "$CORPUS" "$@"; }
c ingest -q seeds; echo "ingest exit $?"
for q in Azerbaijan dai dài '"thoả thuận"' '"luong tam quang"' 'hoà bình' 'Nagiyev OR Naghiyev' 'azerbaijan -mozambique'; do
  echo "== $q"
  c search "$q" --tsv | cut -f1,2,3
done
echo "== json"
c search 'Thụy Điển' --json
echo "== count"; c search dai --count; echo "exit $?"
echo "== nothing"; c search zzzz; echo "exit $?"
c search zzzz --count; echo "exit $?"
echo "== filters"
c search dai --from 2025-10-27 --tsv; echo "exit $?"
c search dai --to 2025-10-26 --lang vi --limit 1 --offset 1 --tsv | cut -f1
c search dai --from 2025-10 --to 2025 --count
