# Entities after `corpus ingest seeds/`: listing, look-up by any name, code or prefix, the
# search filters and the expansion of a query that names an entity.
c() { "$CORPUS" "$@"; }
c ingest -q seeds; echo "ingest exit $?"
echo "== entities --type country --tsv"; c entities --type country --tsv
echo "== entities --type official"; c entities --type official
echo "== entities --type agreement --json"; c entities --type agreement --json
echo "== entity South Africa --tsv"; c entity "South Africa" --tsv
echo "== entity Nam Phi (same)"; c entity "nam phi" --tsv | head -1
echo "== entity ZA (same)"; c entity ZA --tsv | head -1
echo "== entity naghi*"; c entity 'naghi*'
echo "== entity nobody"; c entity nobody; echo "exit $?"
echo "== search South Africa"; c search "South Africa" --tsv | cut -f1; c search "South Africa" --json | grep -o '"matched":[^]]*]'
echo "== search Sweden"; c search Sweden --json | grep -o '"id":"[^"]*"\|"matched":[^]]*]'
echo "== search Hanoi Convention"; c search '"Hanoi Convention"' --tsv | cut -f1
echo "== --no-expand"; c search "South Africa" --no-expand; echo "exit $?"
echo "== --country"; c search "Bộ Công an" --country ZA --tsv | cut -f1; c search "Bộ Công an" --country "Mozambique" --tsv | cut -f1
echo "== --entity"; c search hợp tác --entity Naghiyev --tsv | cut -f1; c search hợp tác --entity nobody; echo "exit $?"
echo "== reindex"; c reindex --entities 2>&1 | sed -E "s/ in [0-9.]+ s$/ in <time>/"; echo "exit $?"; c entities --limit 3 --tsv
