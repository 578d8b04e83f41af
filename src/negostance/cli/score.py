"""``negostance-score``: label every quoted statement of a corpus with a trained model.

    negostance-score input=articles.jsonl checkpoint=runs/train/<time> output=scores.jsonl
    negostance-score input=articles/ checkpoint=... output=scores.parquet extractor=rules
    negostance-score input_quotes=quotes.jsonl checkpoint=... output=scores.jsonl
    negostance-score input=big.jsonl checkpoint=... output=parts/s0.jsonl shard=0/4   # ... 3/4
    negostance-score merge='parts/s*.jsonl' output=scores.jsonl

``input=<path>`` is shorthand for ``input.path=<path>``. Rerunning a killed command resumes it.
Writes the output, ``<output>.progress.json`` and ``<stem>.speakers.csv``; prints one summary line.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig, ListConfig

from negostance.cli import alias_input_path, config_dir, user_errors_fail

PROG = "negostance-score"


def _job(cfg: DictConfig) -> dict:
    """What identifies a scoring job, so a resumed run is the same one."""
    src = cfg.input_quotes or cfg.input.path
    return {
        "input": str(Path(src).resolve()),
        "extractor": None if cfg.input_quotes else cfg.extractor.backend,
        "id_field": cfg.input.id_field,
        "text_field": cfg.input.text_field,
    }


def score(cfg: DictConfig):
    """Load the pipeline, stream the corpus (or quote file) through it; returns a ScoreResult."""
    from negostance.data.io import iter_corpus
    from negostance.inference import load_pipeline
    from negostance.inference.scoring import QuoteReader, parse_shard, score_corpus, score_quotes

    shard = parse_shard(cfg.shard)
    if not cfg.checkpoint:
        raise ValueError("checkpoint=<run dir or checkpoint> is required")
    if bool(cfg.input.path) == bool(cfg.input_quotes):
        raise ValueError("give one of input=<corpus> or input_quotes=<quote file>")
    src = Path(cfg.input_quotes or cfg.input.path)
    if not src.exists():  # before any output or progress file is created
        raise FileNotFoundError(f"{src}: no such file or folder")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the weight-loading bar; ours is the one that matters
    if cfg.threads:
        import torch

        torch.set_num_threads(int(cfg.threads))
    extractor = None if cfg.input_quotes else hydra.utils.instantiate(cfg.extractor)
    pipe = load_pipeline(
        cfg.checkpoint,
        extractor=extractor,
        target=cfg.target,
        context=cfg.context,
        batch_size=cfg.batch_size,
        chunk=cfg.chunk,
        device=cfg.device,
        quantize=cfg.quantize,
    )
    if cfg.input_quotes:
        records = QuoteReader(cfg.input_quotes, on_error=cfg.on_error)
        return score_quotes(
            pipe, records, cfg.output, _job(cfg), shard, chunk=cfg.chunk * 16, progress=cfg.progress
        ), "quote records"
    docs = iter_corpus(
        cfg.input.path,
        id_field=cfg.input.id_field,
        text_field=cfg.input.text_field,
        on_error=cfg.on_error,
    )
    return score_corpus(
        pipe, docs, cfg.output, _job(cfg), shard, progress=cfg.progress
    ), "documents"


def merge(cfg: DictConfig):
    from negostance.inference.scoring import merge_parts

    spec = cfg.merge
    patterns = list(spec) if isinstance(spec, ListConfig) else [str(spec)]
    parts = [p for pat in patterns for p in (sorted(glob.glob(pat)) or [pat])]
    return merge_parts(parts, cfg.output), "documents"


@hydra.main(config_path=config_dir(), config_name="score", version_base="1.3")
def run(cfg: DictConfig) -> int:
    result, what = user_errors_fail(PROG, merge if cfg.merge else score, cfg)
    for message in result.errors[:5]:
        print(f"skipped: {message}", file=sys.stderr)
    print(result.summary(what))
    return 0


def main() -> None:
    """Console entry point; rewrites ``input=<path>`` to ``input.path=<path>`` for Hydra."""
    sys.argv = alias_input_path(sys.argv)
    run()


if __name__ == "__main__":
    main()
