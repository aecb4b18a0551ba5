#!/usr/bin/env bash
# Runs hearsay's loopback benchmark and memberlist's harness (mlbench) interleaved on this
# machine: for each N, one mlbench repetition, then one hearsay_loopback repetition per
# hearsay setting, each process under /usr/bin/time -v for its peak RSS. Each repetition
# ends with the crash of node N/2 (failure detection; both wait at most 240 s). Loopback
# only; every run is bounded in time. Writes $OUT/*.jsonl, $OUT/*.time and $OUT/table.md.
#
#   OUT=build-bench/memberlist-out benchmarks/loopback/run.sh [N ...]   (default: 16 64 128)
#
# Needs hearsay_loopback (a Release build with benchmarks: $HEARSAY_LOOPBACK, by default
# build-bench/benchmarks/hearsay_loopback) and mlbench ($MLBENCH, by default
# $OUT/bin/mlbench, built offline by ../shared/bench/memberlist/run.sh build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${OUT:-$root/build-bench/memberlist-out}"
hearsay="${HEARSAY_LOOPBACK:-$root/build-bench/benchmarks/hearsay_loopback}"
mlbench="${MLBENCH:-$out/bin/mlbench}"
window="${WINDOW_S:-30}"
sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(16 64 128)
mkdir -p "$out"
rm -f "$out"/ml.jsonl "$out"/hearsay.jsonl "$out"/*.time

# hearsay settings, as anti-entropy rounds: 5 (the default, a digest exchange every 1 s)
# and 150 (every 30 s, memberlist's LAN push/pull interval).
settings=(5 150)

for n in "${sizes[@]}"; do
    echo "== N=$n: memberlist (lan)"
    /usr/bin/time -v -o "$out/ml-$n.time" timeout 900 "$mlbench" -configs lan -n "$n" -reps 1 \
        -bytes-window "${window}s" -bytes-n "$n" -out "$out/ml.jsonl" -log /dev/null \
        >"$out/ml-$n.stdout" 2>"$out/ml-$n.stderr" || echo "mlbench N=$n failed: $?"
    for ae in "${settings[@]}"; do
        echo "== N=$n: hearsay (anti-entropy every $ae rounds)"
        /usr/bin/time -v -o "$out/hearsay-ae$ae-$n.time" timeout 900 "$hearsay" --n "$n" \
            --reps 1 --interval-ms 200 --fanout 3 --settle-s 10 --idle-s "$window" \
            --anti-entropy-rounds "$ae" --out "$out/hearsay.jsonl" >/dev/null ||
            echo "hearsay_loopback N=$n ae=$ae failed: $?"
    done
done
python3 "$root/benchmarks/loopback/table.py" "$out" | tee "$out/table.md"
