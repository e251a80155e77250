#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and UndefinedBehaviorSanitizer)
# and runs each for SECONDS, starting from its corpus in fuzz/corpus/<target>/ and seeds/.
#
#   fuzz/run.sh SECONDS [TARGET...]     targets: article jsonl lines text query (default: all)
#
# New inputs that cover more go to build-fuzz/corpora/<target>/ (not committed); a crash
# stops that target and its input is left in build-fuzz/crashes/: copy it into
# fuzz/corpus/<target>/, where the ordinary build replays it (ctest fuzz.replay_<target>),
# and fix the cause. Exit 1 if any target crashed. FUZZ_SEED=N repeats a run's mutations
# (default 0: a new seed each run); CORPUS_FUZZ_BUILD: the build directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(article jsonl lines text query)
build=${CORPUS_FUZZ_BUILD:-$root/build-fuzz}

"$root/cmake/install-deps.sh"
if ! command -v clang++ >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCORPUS_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" >/dev/null
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpora/$t" "$build/crashes"
  extra=()
  [ "$t" = article ] && extra=("$root/seeds")
  echo "== fuzz_$t, ${seconds} s"
  if ! ASAN_OPTIONS=detect_leaks=1 "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -seed="${FUZZ_SEED:-0}" -print_final_stats=1 -artifact_prefix="$build/crashes/$t-" \
      "$build/corpora/$t" "$root/fuzz/corpus/$t" "${extra[@]}" 2>"$build/fuzz_$t.log"; then
    status=1
    echo "fuzz_$t CRASHED: $(ls -t "$build"/crashes/"$t"-* 2>/dev/null | head -1)"
    grep -E "ERROR|SUMMARY|runtime error" "$build/fuzz_$t.log" | head -5
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/fuzz_$t.log" | tr '\n' ' '
  echo "corpus $(ls "$build/corpora/$t" | wc -l) inputs"
done
exit $status
