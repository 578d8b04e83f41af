#!/usr/bin/env bash
# The default model through the whole pipeline on the real-news dev set (extracted, not gold, quotes).
# Usage (repository root): bash experiments/news-dev-pipeline/run.sh <run dir of a default negostance-train>
# Writes runs/news_dev_pipeline/{predictions.jsonl, predictions.speakers.csv, report/}; the report
# stays under runs/ (it names the dev set's speakers; the dev files are never copied into the project).
set -euo pipefail
run=${1:?run directory of negostance-train}
dev=${DEV:-../shared/eval/news_dev}
out=runs/news_dev_pipeline
mkdir -p $out
rm -f $out/predictions.jsonl $out/predictions.speakers.csv   # score resumes an existing file: start clean
.venv/bin/negostance-score input.path=$dev/articles.jsonl checkpoint=$run output=$out/predictions.jsonl progress=false
.venv/bin/negostance-evaluate predictions=$out/predictions.jsonl gold=$dev/quotes.jsonl \
  articles=$dev/articles.jsonl output=$out/report
