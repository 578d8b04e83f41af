#!/usr/bin/env bash
# Exact commands of experiments/public_in_target (run from the repository root, one at a time).
# Usage: experiments/public_in_target/run.sh semeval_a|covid19|pstance [seeds...]
# A variant: OUT=semeval_a_tweet EXTRA=data.preprocess=tweet experiments/public_in_target/run.sh semeval_a 1 2 3
# (OUT names the folder under runs/experiments/public_in_target; EXTRA adds overrides.)
set -euo pipefail
# One intra-op thread: on two cores shared with other jobs, two torch threads ran 2.4x slower
# than one (0.61 vs 1.48 examples/s in a side-by-side check); set OMP_NUM_THREADS=2 on a quiet machine.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
name=$1; shift
seeds=${*:-1 2 3}
out=${OUT:-$name}
for s in $seeds; do
  [ -f runs/experiments/public_in_target/${out}/seed${s}/metrics.json ] || nice -n 15 .venv/bin/negostance-train experiment=public_${name} seed=$s tracker=none \
    paths.run_dir=runs/experiments/public_in_target/${out}/seed${s} ${EXTRA:-} \
    2>&1 | tail -n 20
done
