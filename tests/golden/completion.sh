# Shell completion, the manual page and --version, all made from the command line itself.
c() { "$CORPUS" "$@"; }
offered() {  # what bash completion offers for the last of the words given
  source <(c completion bash)
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _corpus
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
  echo
}
touch news.db notes.txt
echo "== corpus se<TAB>"; offered corpus se
echo "== corpus search --la<TAB>"; offered corpus search --la
echo "== corpus search --lang <TAB>"; offered corpus search --lang ''
echo "== corpus search --format <TAB>"; offered corpus search --format ''
echo "== corpus --db n<TAB>: files"; offered corpus --db n
echo "== corpus ingest n<TAB>: files"; offered corpus ingest n
echo "== corpus search n<TAB>: a query, nothing offered"; offered corpus search n
echo "== corpus dedupe --relation <TAB>"; offered corpus dedupe --relation ''
echo "== corpus --db x.db entities --type <TAB>"; offered corpus --db x.db entities --type ''
echo "== every subcommand and option of --help is completed"
for sub in $(c --help | awk '/^Subcommands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
  want=$(c "$sub" --help | grep -oE '^ +(-[a-z],)?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+' | grep -v -- '--help' | sort)
  got=$(offered corpus "$sub" -- | tr ' ' '\n' | grep -- '^--' | sort)
  missing=$(comm -23 <(echo "$want") <(echo "$got") | grep . | tr '\n' ' ')
  echo "$sub: ${missing:-none missing}"
done
echo "== zsh: the script parses, and compinit registers it for corpus"
mkdir -p zfunc; c completion zsh > zfunc/_corpus
zsh -n zfunc/_corpus && echo "parses"
zsh -f -c 'fpath=(zfunc $fpath); autoload -U compinit; compinit -u -D; print -r -- "corpus -> $_comps[corpus]"'
echo "== the manual page renders without a warning, a section a subcommand"
c man | groff -k -man -Tutf8 -ww -z && echo "renders"
c man | grep '^\.SS' | cut -d' ' -f3 | tr '\n' ' '; echo
c man | groff -k -man -Tutf8 -P-cbou 2>/dev/null | grep -A2 '^NAME'
echo "== --version"; c --version
