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
