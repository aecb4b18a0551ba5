#!/usr/bin/env python3
"""Makes docs/benchmarks.md's loopback table from benchmarks/loopback/run.sh's output folder:
ml.jsonl (mlbench), hearsay.jsonl (hearsay_loopback) and the /usr/bin/time -v files."""
import json, os, re, sys

out = sys.argv[1]


def rows(name):
    path = os.path.join(out, name)
    return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []


def peak_rss_kb(name):
    try:
        text = open(os.path.join(out, name)).read()
    except OSError:
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return int(m.group(1)) if m else None


def f(v, d=0):
    return "n/a" if v is None else f"{v:,.{d}f}"


print("| N | side | first / median / last node (ms) | UDP KiB, update until quiet "
      "| of which above idle | bytes/node/s idle | bytes/node/s spreading "
      "| CPU/node, whole run | CPU/node idle | peak RSS/node | failure detection |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
ml = {r["n"]: r for r in rows("ml.jsonl")}
hs = {}
for r in rows("hearsay.jsonl"):
    hs.setdefault(r["n"], []).append(r)
for n in sorted(set(ml) | set(hs)):
    r = ml.get(n)
    if r:
        quiet_s = (r["bcast_drain_ms"] + 500) / 1000  # mlbench counts until drained + 0.5 s
        idle = r.get("udp_bytes_per_node_s")
        tcp = r.get("tcp_payload_bytes_per_node_s")
        kib = r["bcast_udp_kb"]
        above = kib - idle * n * quiet_s / 1024 if idle is not None else None
        rss = peak_rss_kb(f"ml-{n}.time")
        fd = f"last node {f(r['fd_all_ms'])} ms" if r.get("fd_detected") == n - 1 else "n/a"
        print(f"| {n} | memberlist lan | n/a / {f(r['bcast_p50_ms'])} / {f(r['bcast_all_ms'])} "
              f"| {f(kib, 1)} | {f(above, 1)} | {f(idle)} (+ {f(tcp)} TCP) "
              f"| {f(kib * 1024 / n / quiet_s)} "
              f"| {f(100 * r['process_cpu_s'] / r['wall_s'] / n, 3)} % | n/a "
              f"| {f(rss / n if rss else None)} KiB | {fd} |")
    for h in hs.get(n, []):
        if "bcast_all_ms" not in h:
            print(f"| {n} | hearsay ae {h['anti_entropy_rounds']} | did not converge | | | | | | | | |")
            continue
        quiet_s = h["bcast_quiet_ms"] / 1000
        idle = h["udp_bytes_per_node_s"]
        kib = h["bcast_udp_kb"]
        rss = peak_rss_kb(f"hearsay-ae{h['anti_entropy_rounds']}-{n}.time")
        print(f"| {n} | hearsay, anti-entropy every {h['anti_entropy_rounds']} rounds "
              f"| {f(h['bcast_first_ms'])} / {f(h['bcast_p50_ms'])} / {f(h['bcast_all_ms'])} "
              f"| {f(kib, 1)} | {f(kib - idle * n * quiet_s / 1024, 1)} | {f(idle)} "
              f"| {f(kib * 1024 / n / quiet_s)} "
              f"| {f(100 * h['process_cpu_s'] / h['wall_s'] / n, 3)} % "
              f"| {f(h['idle_cpu_pct_per_node'], 3)} % "
              f"| {f(rss / n if rss else None)} KiB | not built yet |")
