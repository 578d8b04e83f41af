#!/usr/bin/env bash
# The default run, timed: wall time and peak memory from GNU time, the rest from metrics.json.
# Usage (from the repository root): bash experiments/default-run/run.sh [extra overrides...]
set -euo pipefail
out=experiments/default-run
log=$(mktemp)
/usr/bin/time -v ${PIN:-} .venv/bin/negostance-train "$@" 2> >(tee "$log" >&2)
run_dir=$(ls -td runs/train/*/ | head -1)
python3 - "$log" "$run_dir" "$*" > "$out/results-$(date +%Y%m%d-%H%M%S).json" <<'PY'
import json, re, sys
log, run_dir, args = sys.argv[1], sys.argv[2], sys.argv[3]
t = open(log).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", t).group(1)
parts = [float(x) for x in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
m = json.load(open(run_dir + "metrics.json"))
print(json.dumps({"command": "negostance-train " + args, "run_dir": run_dir, "wall_seconds": secs,
                  "peak_rss_mib": round(rss / 1024), **{k: m[k] for k in m if k != "history"}}, indent=2))
PY
