#!/usr/bin/env bash
# Exact commands of experiments/public_transfer_negotiations (from the repository root).
# Usage: experiments/public_transfer_negotiations/run.sh [seeds...]
#   stage 1: the public mixture = the run of experiments/public_zeroshot_vast (seed $PRETRAIN_SEED),
#            which is also evaluated as it is on news_dev
#   stage 2: bundled corpus, starting from stage 1's checkpoint, evaluated on news_dev
#   baseline: bundled corpus from the plain MiniLM encoder, evaluated on news_dev
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}  # see experiments/public_in_target/run.sh
R=runs/experiments/public_transfer_negotiations
P=runs/experiments/public_zeroshot_vast/seed${PRETRAIN_SEED:-1}
train() { nice -n 15 .venv/bin/negostance-train tracker=none "$@" ${EXTRA:-} 2>&1 | tail -n 8; }
[ -f $P/metrics.json ] || experiments/public_zeroshot_vast/run.sh ${PRETRAIN_SEED:-1}
for s in ${*:-1}; do
  [ -f $R/transfer/seed$s/metrics.json ] || train experiment=news_dev seed=$s paths.run_dir=$R/transfer/seed$s \
    model.name_or_path=$P/checkpoint
  [ -f $R/baseline/seed$s/metrics.json ] || train experiment=news_dev seed=$s paths.run_dir=$R/baseline/seed$s
done
