# The loadable extension: the sqlite3 shell queries corpus's full-text tables with corpus's
# matching (unaccented words meet every accent variant through `vocab`, tone placement and
# NFD do not matter) and gets the same counts as `corpus search`.
c() { "$CORPUS" "$@"; }
ext="$(dirname "$CORPUS")/corpus_fts"
c ingest -q seeds
q() { sqlite3 corpus.db -cmd ".load $ext" "$@"; }
echo "== without the extension, FTS5 does not know the tokenizer"
sqlite3 corpus.db "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'dai'" 2>&1; echo "exit $?"
echo "== with it: the shell's count, then corpus search's"
for m in 'dai' 'dài' "$(printf 'da\xcc\x80i') (NFD)" 'Đại' '"thoả thuận"' '"thỏa thuận"' 'nam phi' 'azerbaijan'; do
  m=${m% (NFD)}
  printf '%s: %s %s\n' "$m" "$(q "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '$(printf %s "$m" | sed "s/'/''/g")'")" \
    "$(c search --fts5 "$m" --count)"
done
echo "== snippets and highlights land on whole characters"
q "SELECT a.uid, highlight(articles_fts, 0, '[', ']') FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
   WHERE articles_fts MATCH 'title:dai' ORDER BY a.uid"
echo "== ranked by bm25 with corpus's column weights (title 8, lead 3, body 1), as corpus search ranks"
q "SELECT a.uid FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH 'Azerbaijan'
   ORDER BY bm25(articles_fts, 8, 3, 1)"
c search Azerbaijan --tsv --fields id
