# Defaults from a config file: the command line overrides them, then the environment.
c() { "$CORPUS" "$@"; }
c ingest -q --db main.db seeds; cp main.db other.db; cp main.db env.db
cat > corpus.toml <<'TOML'
# corpus defaults
db = "other.db"
[search]
limit = 1
format = "tsv"
fields = "id,lang"
TOML
echo "== --config: db, limit, format and fields from the file"; c --config corpus.toml search dai; echo "exit $?"
echo "== the command line wins"; c --config corpus.toml search dai --limit 2 --format json --fields id
echo "== then the environment: CORPUS_DB over the file's db"; CORPUS_DB=env.db c --config corpus.toml stats | head -1
echo "== --db over both"; CORPUS_DB=env.db c --config corpus.toml --db main.db stats | head -1
echo "== CORPUS_CONFIG names it too"; CORPUS_CONFIG=corpus.toml c stats | head -1
echo "== ~/.config/corpus/config.toml when nothing names one"; mkdir -p home/.config/corpus
cp corpus.toml home/.config/corpus/config.toml; HOME=$PWD/home c stats | head -1
echo "== XDG_CONFIG_HOME moves it"; XDG_CONFIG_HOME=$PWD/nowhere HOME=$PWD/home c stats; echo "exit $?"
echo "== an unknown option"; printf '[search]\nlimits = 3\n' > bad.toml; c --config bad.toml stats; echo "exit $?"
echo "== a bad value"; printf '[search]\nlimit = many\n' > bad.toml; c --config bad.toml search dai; echo "exit $?"
echo "== an unknown subcommand"; printf '[serch]\nlimit = 3\n' > bad.toml; c --config bad.toml stats; echo "exit $?"
echo "== a named file that is not there"; c --config missing.toml stats; echo "exit $?"
echo "== a format on the command line wins over the file's format (which only set the default)"
printf '[search]\nlimit = 1\nformat = "tsv"\nfields = "id,lang"\n' > fmt.toml
for f in --json --csv --tsv '--format json'; do
  echo "-- $f"; c --config fmt.toml --db main.db search dai $f
done
echo "-- --format table: the file's fields are for the formats with columns"
c --config fmt.toml --db main.db search dai --format table | head -1 | cut -d" " -f1-2
echo "exit $?"
echo "-- --fields on the command line still needs columns"
c --config fmt.toml --db main.db search dai --format table --fields id; echo "exit $?"
echo "== json = true in the file: another format flag on the command line is no clash, and wins"
printf '[search]\nlimit = 1\njson = true\n' > json.toml
for f in '--tsv --fields id' '--csv --fields id' '--format tsv --fields id' '--json --fields id'; do
  echo "-- $f"; c --config json.toml --db main.db search dai $f; echo "exit $?"
done
echo "== the same for entities and dedupe"
printf '[entities]\nformat = "tsv"\nlimit = 2\nfields = "type,name"\n' > lists.toml
printf '[dedupe]\njson = true\nquiet = true\n' >> lists.toml
c --config lists.toml --db main.db entities; c --config lists.toml --db main.db entities --json
c --config lists.toml --db main.db entities --csv --fields name,code
cp main.db dd.db; c --config lists.toml --db dd.db dedupe --tsv --fields relation,a,b
c --config lists.toml --db dd.db dedupe --format csv --fields relation,a,b
echo "== and for the --json/--tsv pair of show, stats, entity and ingest"
printf '[show]\ntsv = true\n[stats]\njson = true\n' > pair.toml
printf '[entity]\ntsv = true\n[ingest]\ntsv = true\n' >> pair.toml
# (the first characters of each line: JSON, or the file's TSV)
c --config pair.toml --db main.db show 004_a7242d4182bbc41b --json | cut -c1-15
c --config pair.toml --db main.db stats --tsv | head -1
c --config pair.toml --db main.db entity Azerbaijan --json | cut -c1-10
c --config pair.toml --db main.db ingest seeds --json | cut -c1-9
echo "== no-dedupe = true in the file, --dedupe on the command line"
printf '[ingest]\nno-dedupe = true\n' > dedupe.toml
c --config dedupe.toml --db fresh.db ingest seeds --dedupe 2>&1 | grep -c '^dedupe:'
c --config dedupe.toml --db fresh2.db ingest seeds 2>&1 | grep -c '^dedupe:'
echo "== a flag the file sets, turned off on the command line with =false"
printf '[search]\nno-expand = true\n' > expand.toml
c --config expand.toml --db main.db search "South Africa" --count
c --config expand.toml --db main.db search "South Africa" --count --no-expand=false
