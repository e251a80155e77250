#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   tests/sanitize.sh [BUILD_DIR] [ctest arguments...]     (default build-asan)
#
# A Debug build with both sanitizers (jemalloc is left out: ASan brings its own malloc). Any
# report fails the run: UBSan does not recover, and ASan's leak checker is on. Takes about
# twenty minutes on 2 cores from scratch (the build half of it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-asan}
shift || true
"$root/cmake/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
  -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
cmake --build "$build" -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The fault tests' generated corpora, smaller, fewer kills of dedupe and reindex and fewer
# points of a full disk: a Debug build under ASan ingests ten times slower. Memory is bounded by ASan's shadow and quarantine.
export CORPUS_FAULT_RECORDS=${CORPUS_FAULT_RECORDS:-1000}
export CORPUS_FAULT_COMMAND_KILLS=${CORPUS_FAULT_COMMAND_KILLS:-1}
export CORPUS_FAULT_POINTS=${CORPUS_FAULT_POINTS:-3}
export CORPUS_FAULT_MAX_RSS_MIB=${CORPUS_FAULT_MAX_RSS_MIB:-1024}
ctest --test-dir "$build" -j2 --output-on-failure "$@"
