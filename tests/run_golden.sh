#!/usr/bin/env bash
# Runs one golden case: CASE.sh is executed in a scratch directory with $CORPUS (the binary)
# and $SEEDS set, the scratch directory as HOME and no config file or database named (a
# user's own config changes nothing); its output (stdout and stderr, with the scratch path
# shown as <tmp>) must equal CASE.out. UPDATE_GOLDEN=1 rewrites CASE.out instead.
set -u
corpus=$1 case=$2 seeds=$3
expected="${case%.sh}.out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$seeds" "$work/seeds"
actual=$(cd "$work" && CORPUS="$corpus" SEEDS="$work/seeds" NO_COLOR=1 CORPUS_DB= CORPUS_CONFIG= XDG_CONFIG_HOME= HOME="$work" \
  bash -o pipefail "$case" 2>&1 | sed "s|$work|<tmp>|g")
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" > "$expected"
  exit 0
fi
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "golden output differs: $case (UPDATE_GOLDEN=1 ctest -R golden rewrites every case)" >&2
  exit 1
fi
