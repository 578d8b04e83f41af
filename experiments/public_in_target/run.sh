#!/usr/bin/env bash
# Exact commands of experiments/public_in_target (run from the repository root, one at a time).
# Usage: experiments/public_in_target/run.sh semeval_a|covid19|pstance [seeds...]
set -euo pipefail
name=$1; shift
seeds=${*:-1 2 3}
for s in $seeds; do
  nice -n 15 .venv/bin/negostance-train experiment=public_${name} seed=$s tracker=none \
    paths.run_dir=runs/experiments/public_in_target/${name}/seed${s} ${EXTRA:-} \
    2>&1 | tail -n 20
done
