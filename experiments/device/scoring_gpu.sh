#!/usr/bin/env bash
# negostance-score's model on a GPU (device=auto): classification throughput against the raw
# forward pass and transformers.pipeline, and an end-to-end run, on the lent GPU machine.
# The checkpoint is a MiniLM fine-tuned for 30 steps there (speed does not depend on the weights).
# Usage there: bash experiments/device/scoring_gpu.sh; results in $OUT.
set -uo pipefail
PY=${PY:-python3}; OUT=${OUT:?}
if [ -z "${DRY:-}" ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .devcarry/whl/*.whl 2>/dev/null || exit 1
  export PYTHONPATH=$PWD/src:/tmp/site
  mkdir -p /tmp/shared && tar -xJf .devcarry/shared.tar.xz -C /tmp/shared
  export NEGOSTANCE_SHARED=/tmp/shared
fi
export TOKENIZERS_PARALLELISM=false
run=${NEGOSTANCE_RUNS:-runs}/scoring_gpu
$PY -m negostance.cli.train tracker=none model.name_or_path=$PWD/.devcarry/minilm16 trainer.max_steps=30 \
  paths.run_dir=$run ${EXTRA:-} > $OUT/train.log 2>&1 || { tail -n 20 $OUT/train.log; exit 1; }
echo "trained $(date +%T)"
T=experiments/scoring-throughput
timeout ${CLS_LIMIT:-80} $PY $T/run.py classify --checkpoint $run --device auto --quotes 600 --repeats 3 --threads 4 2>&1 | tail -n 30
cp $T/results/classify-auto.json $OUT/ 2>/dev/null
timeout ${E2E_LIMIT:-80} $PY $T/run.py e2e --checkpoint $run --device auto --extractor rules --articles ${ARTICLES:-3000} --threads 4 2>&1 | tail -n 12
cp $T/results/e2e-rules-auto.json $OUT/ 2>/dev/null
ls $OUT
