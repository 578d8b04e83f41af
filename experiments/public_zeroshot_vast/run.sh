#!/usr/bin/env bash
# Exact commands of experiments/public_zeroshot_vast (from the repository root).
# Usage: experiments/public_zeroshot_vast/run.sh [seeds...]
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}  # see experiments/public_in_target/run.sh
for s in ${*:-1}; do
  [ -f runs/experiments/public_zeroshot_vast/seed${s}/metrics.json ] || nice -n 15 .venv/bin/negostance-train experiment=public_zeroshot_vast seed=$s tracker=none \
    paths.run_dir=runs/experiments/public_zeroshot_vast/seed${s} ${EXTRA:-} 2>&1 | tail -n 12
done
