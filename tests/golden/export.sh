# Export: JSON Lines, Elasticsearch / OpenSearch _bulk NDJSON checked against the documented
# format, an idempotent re-export, and the index template.
c() { "$CORPUS" "$@"; }
c ingest -q seeds; c dedupe -q > /dev/null
echo "== jsonl: a document an article"; c export | wc -l
c export -q | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    print(d["id"], d["date"], d["timestamp"], d["lang"], ",".join(sorted(d["countries"])), len(d["entities"]))'
echo "== es-bulk, against the _bulk format"
c export --format es-bulk -q --index news > bulk.ndjson
python3 - bulk.ndjson <<'PY'
import json, sys
# The documented format: newline-delimited JSON, every line (the last too) ended by \n; an
# action line {"index"|"create"|"update"|"delete": {"_index", "_id", ...}}, then, except for
# delete, the document's source on the next line.
data = open(sys.argv[1], "rb").read()
assert data.endswith(b"\n"), "the last line must end with a newline"
lines = data.decode("utf-8").split("\n")[:-1]
assert len(lines) % 2 == 0, "an action without a document"
ids = []
for action, source in zip(lines[0::2], lines[1::2]):
    a, d = json.loads(action), json.loads(source)
    assert list(a) == ["index"], a
    meta = a["index"]
    assert set(meta) == {"_index", "_id"} and meta["_index"] == "news", meta
    assert isinstance(meta["_id"], str) and 0 < len(meta["_id"].encode()) <= 512, meta
    assert isinstance(d, dict) and d["id"] == meta["_id"], (meta, d.get("id"))
    assert "\n" not in action and "\n" not in source
    ids.append(meta["_id"])
assert len(ids) == len(set(ids)), "an _id twice"
print(f"{len(ids)} actions, each with its document, every _id once")
PY
echo "== exporting again gives the same bytes (re-indexing overwrites, never duplicates)"
c export --format es-bulk -q --index news | cmp - bulk.ndjson && echo same
echo "== filters"; c export -q --from 2026-01-01; echo "exit $?"; c export -q --lang vi | wc -l
echo "== the index template"
c export --es-template | python3 -c '
import json, sys
t = json.load(sys.stdin)
a = t["template"]["settings"]["analysis"]
print("patterns", t["index_patterns"])
print("analyzers", sorted(a["analyzer"]))
print("tone mappings", len(a["char_filter"]["corpus_tone_placement"]["mappings"]), a["char_filter"]["corpus_tone_placement"]["mappings"][:3])
p = t["template"]["mappings"]["properties"]
print("title", p["title"]["analyzer"], sorted(p["title"]["fields"]), "date", p["date"], "entities", p["entities"]["type"])'
c export --es-template --index news | grep -o '"news\*"'
