# Search on a small bilingual corpus (the seeds and a few records written here): English
# inflections in English articles only (inside operators and fields too), quoted words as written, capitals, names of several
# syllables, an entity found through its mentions, --sort, --count with --collapse, and the
# config file's sort and format under the command line's.
c() { "$CORPUS" "$@"; }
cat > bi.jsonl <<'JSON'
{"id":"en-ban","title":"Imports banned","body":"The government banned imports of beef from South Africa.","lang":"en","date":"2020-03-01"}
{"id":"en-bans","title":"New bans","body":"Two more bans follow. The ban on beef stays.","lang":"en","date":"2020-01-01"}
{"id":"en-org","title":"Organization news","body":"The organization said business is good.","lang":"en"}
{"id":"en-us","title":"Policy","body":"The US said the WHO warned about beef.","lang":"en","date":"2020-02-01"}
{"id":"en-pron","title":"Interview","body":"Tell us who said it.","lang":"en"}
{"id":"vi-ban","title":"Ban tổ chức họp","body":"Ban tổ chức và các bạn đã bàn về con đường.","lang":"vi"}
{"id":"vi-loose","title":"Phi công miền nam","body":"Các phi công ở miền nam nói chuyện.","lang":"vi"}
{"id":"en-copy","title":"Imports banned","body":"The government banned imports of beef from South Africa.","lang":"en","date":"2020-03-02"}
JSON
c ingest -q seeds bi.jsonl; echo "ingest exit $?"
ids() { c search "$@" --tsv --fields id | sort | tr '\n' ' '; echo; }
for q in banned ban '"banned"' cons organ busy US us WHO who 'nam phi' '"nam" "phi"'; do
  printf '%-12s ' "$q"; ids "$q"
done
echo "== inflections inside operators, in English articles only"
for q in 'bans OR organization' 'ban NOT banned' 'beef -bans' 'title:bans' 'title:ban' '"bans" OR cons'; do
  printf '%-22s ' "$q"; ids "$q"
done
printf '%-12s ' "nam phi --loose"; ids "nam phi" --loose
echo "== an entity's mentions: South Africa finds the seed that says Nam Phi, and says so"
c search "South Africa" --json --fields id,matched
echo "== --sort"
c search beef --sort date --tsv --fields id,date
c search beef --sort oldest --tsv --fields id,date
c search beef --sort nonsense; echo "exit $?"
echo "== --count --collapse counts what --collapse lists"
c dedupe -q >/dev/null; echo "dedupe exit $?"
c search banned --count; c search banned --count --collapse; c search banned --collapse --tsv --fields id,hidden
echo "== the config file's sort and format, under the command line's"
printf '[search]\nsort = "date"\nformat = "tsv"\nfields = "id"\n' > c.toml
c --config c.toml search beef
c --config c.toml search beef --sort relevance --json --fields id
