#!/usr/bin/env bash
# Builds hearsay's fuzz targets (clang, libFuzzer, ASan, UBSan) in build-fuzz/,
# writes a seed corpus, and runs each target for N seconds (default 60).
# Prints the executions of each target and their total; exits non-zero, with the
# failing input saved under build-fuzz/crashes/<target>/, if any target fails.
#
#   fuzz/run.sh [seconds]
#
# Environment (optional): HEARSAY_FUZZ_BUILD_DIR (default <repo>/build-fuzz),
# HEARSAY_JOBS (parallel build jobs and targets run at once, default 2), CXX (default clang++).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
build="${HEARSAY_FUZZ_BUILD_DIR:-$root/build-fuzz}"
jobs="${HEARSAY_JOBS:-2}"
families=(counters sets registers or_set or_map values engine sealed)

cmake -S "$root/fuzz" -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs"
"$build/hearsay_fuzz_corpus" "$build/corpus"
# The sealed target reads the engine target's inputs (its frames then arrive unsealed, until
# the fuzzer sets their sealing bits).
mkdir -p "$build/corpus/sealed"
cp "$build/corpus/engine/"* "$build/corpus/sealed/" 2>/dev/null || true
# Inputs that once failed a target (fuzz/regressions/<family>/) seed its corpus too.
for dir in "$root"/fuzz/regressions/*/; do
    family="$(basename "$dir")"
    mkdir -p "$build/corpus/$family"
    cp "$dir"* "$build/corpus/$family/"
done

# Runs one target; its outcome goes to $build/<family>.outcome.
run_one() {
    local family="$1"
    local corpus="$build/corpus/$family" crashes="$build/crashes/$family"
    local log="$build/$family.log" outcome=clean
    mkdir -p "$corpus" "$crashes"
    # -malloc_limit_mb: no input of at most 4 KiB may ask for a large block.
    "$build/hearsay_fuzz_$family" "$corpus" -max_total_time="$seconds" -max_len=4096 \
        -malloc_limit_mb=64 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" >"$log" 2>&1 || outcome=FAILED
    echo "$outcome" >"$build/$family.outcome"
}

# The targets run `jobs` at a time, each on one core.
built=()
for family in "${families[@]}"; do
    if [[ -x "$build/hearsay_fuzz_$family" ]]; then
        built+=("$family")
    else # sealed: only where libsodium is found
        printf '%-10s skipped: not built (see the CMake output)\n' "$family"
    fi
done
for ((i = 0; i < ${#built[@]}; i += jobs)); do
    for family in "${built[@]:i:jobs}"; do
        run_one "$family" &
    done
    wait
done

total=0
status=0
for family in "${built[@]}"; do
    outcome="$(cat "$build/$family.outcome")"
    [[ "$outcome" == clean ]] || status=1
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$family.log" | tail -n 1)"
    runs="${runs:-0}"
    total=$((total + runs))
    printf '%-10s %12s executions in %ss: %s\n' "$family" "$runs" "$seconds" "$outcome"
    if [[ "$outcome" != clean ]]; then
        tail -n 40 "$build/$family.log"
    fi
done
printf '%-10s %12s executions\n' total "$total"
exit "$status"
