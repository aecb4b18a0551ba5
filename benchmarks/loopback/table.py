#!/usr/bin/env python3
"""Makes docs/benchmarks.md's loopback tables from benchmarks/loopback/run.sh's output folder:
ml.jsonl (mlbench), hearsay.jsonl (hearsay_loopback) and the /usr/bin/time -v files. The
second table is failure detection: the crash of node N/2 and false positives over the run."""
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


def detection(r):
    """first / median / last node to report the crashed node dead, or why there is none."""
    if "fd_detected" not in r:
        return "n/a"
    if r["fd_detected"] != r["n"] - 1:
        return f"{r['fd_detected']} of {r['n'] - 1} nodes in time"
    return f"{f(r['fd_first_ms'])} / {f(r['fd_median_ms'])} / {f(r['fd_all_ms'])} ms"


def first_suspect(r):
    """mlbench keeps the first suspicion of the victim's name, which may precede the crash."""
    v = r.get("fd_first_suspect_ms")
    none = -1 if "suspect_live" in r else 0  # hearsay writes -1; mlbench leaves 0
    if v is None or v == none:
        return "n/a"
    return "before the crash" if v < 0 else f(v)


def side(h):
    return f"hearsay, anti-entropy every {h['anti_entropy_rounds']} rounds"


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
        fd = detection(r)
        print(f"| {n} | memberlist lan | n/a / {f(r['bcast_p50_ms'])} / {f(r['bcast_all_ms'])} "
              f"| {f(kib, 1)} | {f(above, 1)} | {f(idle)} (+ {f(tcp)} TCP) "
              f"| {f(kib * 1024 / n / quiet_s)} "
              f"| {f(100 * r['process_cpu_s'] / r['wall_s'] / n, 3)} % | n/a "
              f"| {f(rss / n if rss else None)} KiB | {fd} |")
    for h in hs.get(n, []):
        if "bcast_all_ms" not in h:
            print(f"| {n} | {side(h)} | did not converge | | | | | | | | |")
            continue
        quiet_s = h["bcast_quiet_ms"] / 1000
        idle = h["udp_bytes_per_node_s"]
        kib = h["bcast_udp_kb"]
        rss = peak_rss_kb(f"hearsay-ae{h['anti_entropy_rounds']}-{n}.time")
        print(f"| {n} | {side(h)} "
              f"| {f(h['bcast_first_ms'])} / {f(h['bcast_p50_ms'])} / {f(h['bcast_all_ms'])} "
              f"| {f(kib, 1)} | {f(kib - idle * n * quiet_s / 1024, 1)} | {f(idle)} "
              f"| {f(kib * 1024 / n / quiet_s)} "
              f"| {f(100 * h['process_cpu_s'] / h['wall_s'] / n, 3)} % "
              f"| {f(h['idle_cpu_pct_per_node'], 3)} % "
              f"| {f(rss / n if rss else None)} KiB | {detection(h)} |")

# Failure detection. memberlist: Shutdown() of node N/2 without Leave; a node's time is its
# NotifyLeave; its suspicions are "Suspect X has failed" log lines (raised by the node's own
# probe). hearsay: node N/2's loop stops without leave(); a node's time is its first
# on_member_change to dead; suspicions raised by own probe, and all reports of a live node as
# suspect (own and heard). Both: live nodes declared dead, summed over observers, whole run.
print()
print("| N | side | first 'suspect' (ms) | first / median / last node dead (ms) "
      "| suspicions of live nodes: raised (all reports) | live nodes suspected "
      "| live nodes declared dead | refutations |")
print("|---|---|---|---|---|---|---|---|")
for n in sorted(set(ml) | set(hs)):
    r = ml.get(n)
    if r:
        print(f"| {n} | memberlist lan | {first_suspect(r)} | {detection(r)} "
              f"| {r['suspect_live_lines']} (n/a) | n/a | {r['false_positives']} | {r['refutes']} |")
    for h in hs.get(n, []):
        if "false_positives" not in h:
            continue
        print(f"| {n} | {side(h)} | {first_suspect(h)} | {detection(h)} "
              f"| {h['suspect_live_own']} ({h['suspect_live']}) | {h['suspected_live_nodes']} "
              f"| {h['false_positives']} | {f(h.get('refutations'))} |")
