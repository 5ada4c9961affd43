"""Per-row medians of an A/B file written by benchmarks/ab, old vs new, with the new/old ratio and every run."""
import collections
import re
import statistics
import sys

METRICS = ("msgPerSec", "receivedPerSec", "cpuMicrosPerMsg", "p50Micros", "p99Micros", "lossPercent")
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    m = re.match(r"(old|new)\s+(\S+)\s+(\S+)\s+#1 (.*) \(", line)
    if not m:
        continue
    side, workload, row, metrics = m.groups()
    for pair in metrics.split(", "):
        if "=" in pair:
            key, value = pair.split("=")
            runs[(workload, row, key, side)].append(float(value))
for workload, row, key in sorted({k[:3] for k in runs}):
    old, new = runs.get((workload, row, key, "old")), runs.get((workload, row, key, "new"))
    if key not in METRICS or not old or not new:
        continue
    a, b = statistics.median(old), statistics.median(new)
    ratio = b / a if a else float("nan")
    print(f"{workload:26} {row:26} {key:16} old {a:10.1f}  new {b:10.1f}  x{ratio:5.2f}   "
          f"old={[round(x) for x in old]} new={[round(x) for x in new]}")
