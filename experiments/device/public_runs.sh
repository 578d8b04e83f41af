#!/usr/bin/env bash
# The issue-6 runs that two CPU cores could not fit in a session, on the one-GPU machine lent by
# the `device` tool (NVIDIA H200, 16 cores; Python 3.12, torch 2.11 CUDA, transformers 5.17).
# Four streams in parallel on the one GPU:
#   seed s = 1, 2, 3:  zero-shot VAST (stage 1) -> transfer (stage 2 from stage 1's checkpoint)
#                      -> baseline (bundled corpus from MiniLM) -> COVID-19 in-target
#   stream P:          P-Stance in-target on the full training set, seeds 1-3
# Payload (git-ignored, carried): .devcarry/minilm16 = all-MiniLM-L6-v2 with its float weights
# stored in float16 to fit the 64 MiB transfer limit (loaded back in float32: max abs change of a
# weight 1e-3), .devcarry/whl = hydra-core, omegaconf, antlr4, datasets, dill, multiprocess wheels,
# .devcarry/shared.tar.xz = the public datasets and the dev set from ../shared.
# Usage there: bash experiments/device/public_runs.sh [seconds per stream]; results in $OUT.
# Local dry run: PY=.venv/bin/python DRY=1 OUT=/tmp/out bash experiments/device/public_runs.sh
set -uo pipefail
PY=${PY:-python3}
LIMIT=${1:-450}
OUT=${OUT:?}
if [ -z "${DRY:-}" ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .devcarry/whl/*.whl || exit 1
  export PYTHONPATH=$PWD/src:/tmp/site
  mkdir -p /tmp/shared && tar -xJf .devcarry/shared.tar.xz -C /tmp/shared
  export NEGOSTANCE_SHARED=/tmp/shared
  nvidia-smi -L
fi
export NEGOSTANCE_RUNS=${NEGOSTANCE_RUNS:-runs} OMP_NUM_THREADS=2 TOKENIZERS_PARALLELISM=false
$PY -c "import torch, transformers, accelerate, hydra; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'transformers', transformers.__version__, 'accelerate', accelerate.__version__)" || exit 1
$PY -c "import datasets; print('datasets', datasets.__version__)"  # only the public-data runs need it
MODEL=$PWD/.devcarry/minilm16
R=$NEGOSTANCE_RUNS/experiments
EXTRA=${EXTRA:-}
train() {  # run dir, then overrides; a finished run is skipped
  local dir=$1; shift
  [ -f $dir/metrics.json ] && return 0
  $PY -m negostance.cli.train tracker=none model.name_or_path=$MODEL paths.run_dir=$dir "$@" $EXTRA \
    > $dir.log 2>&1 || { echo "FAILED $dir"; tail -n 5 $dir.log; return 1; }
  echo "done $dir $(date +%T)"
}
stream() {
  local s=$1
  mkdir -p $R/public_zeroshot_vast $R/public_transfer_negotiations/{transfer,baseline} $R/public_in_target/covid19_device
  train $R/public_zeroshot_vast/seed$s experiment=public_zeroshot_vast seed=$s &&
    train $R/public_transfer_negotiations/transfer/seed$s experiment=news_dev seed=$s \
      model.name_or_path=$(cd $R/public_zeroshot_vast/seed$s/checkpoint && pwd)
  train $R/public_transfer_negotiations/baseline/seed$s experiment=news_dev seed=$s
  train $R/public_in_target/covid19_device/seed$s experiment=public_covid19 seed=$s
}
pstance() {
  mkdir -p $R/public_in_target/pstance_full_device
  for s in 1 2 3; do
    train $R/public_in_target/pstance_full_device/seed$s experiment=public_pstance seed=$s data.max_train_per_source=null
  done
}
SECONDS=0
for s in 1 2 3; do timeout $LIMIT bash -c "$(declare -f train stream); PY=$PY MODEL=$MODEL R=$R EXTRA='$EXTRA' stream $s" & done
timeout $LIMIT bash -c "$(declare -f train pstance); PY=$PY MODEL=$MODEL R=$R EXTRA='$EXTRA' pstance" &
wait
echo "streams ended after ${SECONDS}s"
# everything but weights and resume state comes back in one archive
tar -czf $OUT/runs.tar.gz --exclude='*/checkpoint' --exclude='*/last' $R/public_zeroshot_vast \
  $R/public_transfer_negotiations $R/public_in_target/covid19_device $R/public_in_target/pstance_full_device 2>/dev/null
ls -la $OUT
