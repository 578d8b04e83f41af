#!/usr/bin/env bash
# Learning rate x epochs x seed on the bundled corpus, each run also scored on the real-news dev set
# (experiment=news_dev), on the lent GPU machine; see experiments/corpus-news-dev. The choice among
# settings is made on the corpus's validation split, never on news_dev.
# Usage there: [GRID="1.2e-4:2 8e-5:4"] bash experiments/device/corpus_grid.sh [seconds]; results in $OUT/grid.tar.gz.
set -uo pipefail
PY=${PY:-python3}; LIMIT=${1:-330}; OUT=${OUT:?}
if [ -z "${DRY:-}" ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .devcarry/whl/*.whl || exit 1
  export PYTHONPATH=$PWD/src:/tmp/site
  mkdir -p /tmp/shared && tar -xJf .devcarry/shared.tar.xz -C /tmp/shared
  export NEGOSTANCE_SHARED=/tmp/shared
fi
export OMP_NUM_THREADS=2 TOKENIZERS_PARALLELISM=false
EXP=${EXP:-news_dev}  # any experiment file: EXP=public_semeval_a runs the same grid on SemEval task A
G=${NEGOSTANCE_RUNS:-runs}/experiments/${GRID_NAME:-corpus_grid}; mkdir -p $G
jobs() {
  if [ -n "${GRID:-}" ]; then  # "lr:epochs lr:epochs ...", seeds 1-3
    for s in 1 2 3; do for c in $GRID; do echo "${c%:*} ${c#*:} $s"; done; done; return
  fi
  for s in 1 2 3; do for e in 2 3; do for lr in 3e-5 5e-5 8e-5; do echo "$lr $e $s"; done; done; done
  for s in 4 5; do echo "8e-5 2 $s"; done
}
one() {
  d=$G/lr$1_ep$2_seed$3
  [ -f $d/metrics.json ] || $PY -m negostance.cli.train experiment=$EXP tracker=none \
    model.name_or_path=$PWD/.devcarry/minilm16 trainer.lr=$1 trainer.epochs=$2 seed=$3 paths.run_dir=$d \
    ${EXTRA:-} > $d.log 2>&1 && echo "done $d $(date +%T)" || echo "FAILED $d"
  rm -rf $d/checkpoint $d/last
}
export -f one; export G PY EXP
jobs | timeout $LIMIT xargs -P ${PARALLEL:-6} -L 1 bash -c 'one $0 $1 $2'
tar -czf $OUT/grid.tar.gz $G
