# Punctuation in a query is text, never an FTS5 error: exit 0 (found) or 1 (nothing), never 2.
c() { "$CORPUS" "$@"; }
c ingest -q seeds
printf '{"id":"p1","title":"TP.HCM ghi nhận ca COVID-19 mới","body":"Tỉnh Bà Rịa-Vũng Tàu cũng vậy. Don'"'"'t panic, AND stay calm (really) *"}\n' > p.jsonl
c ingest -q p.jsonl
for q in 'Bà Rịa-Vũng Tàu' 'TP.HCM' 'HCM' 'COVID-19' 'covid' "don't" 'AND' '"' '(' '*' 'NEAR(' 'a:b' '26/10' 'Lương Tam Quang,' '"Công ước Hà Nội"' 'title:' '^' '{' ' - '; do
  printf '[%s] ' "$q"; c search "$q" --count 2>&1; echo "exit $?"
done
c search -- -Mozambique; echo "[-Mozambique] exit $?"
