# Query operators: AND, OR and NOT in capitals (lower case they are words), a leading
# exclusion, NOT on a group, a dangling operator. In the seeds Mozambique is in 000 and 001,
# Azerbaijan in 000 and 004, Iran in 000 only, and no article has the words and, not or OR.
c() { "$CORPUS" "$@"; }
c ingest -q seeds
q() {
  printf '[%s] ' "$1"; c search --count -- "$1"; echo "exit $?"
  c search --tsv --fields id,title -- "$1" | sort  # which articles, not their ranking
}
for s in 'Mozambique' 'Azerbaijan' 'Mozambique AND Azerbaijan' 'Mozambique Azerbaijan' \
    'Mozambique NOT Azerbaijan' 'Mozambique -Azerbaijan' '-Azerbaijan Mozambique' \
    'NOT Azerbaijan Mozambique' 'Mozambique OR Azerbaijan' 'Mozambique and Azerbaijan' \
    'Mozambique not Azerbaijan' 'Azerbaijan NOT (Iran OR Mozambique)' 'Azerbaijan NOT Iran' \
    'Iran OR Mozambique NOT Azerbaijan' 'Mozambique AND' 'Mozambique NOT' 'OR Mozambique' \
    'OR' 'NOT' 'NOT Azerbaijan' 'Mozambique OR NOT Azerbaijan'; do
  q "$s"
done
echo "== an article with the words: lower case they are found, in capitals alone too"
printf '{"id":"en1","title":"Trade and aid","body":"Not this OR that: NOT now."}\n' > en.jsonl
c ingest -q en.jsonl
for s in 'trade and aid' 'trade AND aid' 'trade not aid' 'trade NOT aid' 'OR' 'this OR' 'NOT'; do
  q "$s"
done
echo "== exclusions typed as arguments: first, alone in an argument, beside -n; an unknown long option is still one"
c search '-Azerbaijan Mozambique' --count; echo "exit $?"
c search -Azerbaijan Mozambique --count; echo "exit $?"
c search Mozambique -Azerbaijan -n 1 --tsv --fields id; echo "exit $?"
c search -n1 Mozambique -nothing --tsv --fields id; echo "exit $?"
c search Mozambique --limt 1; echo "exit $?"
