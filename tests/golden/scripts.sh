# Search output for scripts: --fields, --csv / --format, and batch queries from standard input.
c() { "$CORPUS" "$@"; }
c ingest -q seeds; echo "ingest exit $?"
echo "== --json --fields id,score,date (in that order)"; c search Azerbaijan --json --fields id,score,date
echo "== --tsv --fields rank,id,lang"; c search dai --tsv --fields rank,id,lang
echo "== --csv: a header, RFC 4180 quoting"; c search Azerbaijan --csv --fields id,title,snippet --limit 1
echo "== --format csv, default columns"; c search Azerbaijan --format csv --limit 1 | head -1
echo "== unknown field"; c search dai --json --fields id,nope; echo "exit $?"
echo "== --fields needs a format"; c search dai --fields id; echo "exit $?"
echo "== query field outside batch"; c search dai --json --fields query; echo "exit $?"
echo "== batch: a query a line, JSON Lines with the query"
printf 'Azerbaijan\n\ndai\nnothing-at-all-here\n-Azerbaijan\nNam Phi\n' | c search - --fields query,id --limit 2
echo "exit $?"
echo "== batch default JSON carries query"; printf 'South Africa\n' | c search - --limit 1 | grep -o '"query":"[^"]*"'
echo "== batch --count --tsv"; printf 'Azerbaijan\ndai\nzzzz\n' | c search - --count --tsv; echo "exit $?"
echo "== batch --count --csv"; printf 'Azerbaijan\n' | c search - --count --csv
echo "== batch --csv"; printf 'Azerbaijan\nhợp tác\n' | c search - --csv --fields query,rank,id --limit 1
echo "== batch, every query matched"; printf 'Azerbaijan\n' | c search - --tsv --fields id >/dev/null; echo "exit $?"
echo "== pipeline: ids of the hits of several queries, each article once"
printf 'Azerbaijan\nNam Phi\nMozambique\n' | c search - --tsv --fields id | sort -u
echo "== entities: --csv, --json --fields"
c entities --csv --limit 3
c entities --json --fields name,code,mentions,aliases --limit 2
c entities --tsv --fields rank,type,name --type org --limit 2
echo "== dedupe: --fields, --csv"
c dedupe -q > /dev/null
c dedupe -q --json --fields relation,a,b,coverage_a
c dedupe -q --csv --fields relation,a,b,passages
c dedupe -q --clusters --csv; echo "exit $?"
