"""``negostance-extract``: every quoted statement of a corpus, with speaker, cue and context.

    negostance-extract input=articles.jsonl output=quotes.jsonl [extractor=rules] \
        [input.id_field=doc] [input.text_field=body] [on_error=skip]

``input=<path>`` is shorthand for ``input.path=<path>``. Prints one summary line.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import hydra
from omegaconf import DictConfig

from negostance.cli import alias_input_path, config_dir, fail
from negostance.data.io import CorpusError, JsonlWriter, iter_corpus, write_records


@hydra.main(config_path=config_dir(), config_name="extract", version_base="1.3")
def run(cfg: DictConfig) -> int:
    t0 = time.perf_counter()
    extractor = hydra.utils.instantiate(cfg.extractor)
    corpus = iter_corpus(
        cfg.input.path,
        id_field=cfg.input.id_field,
        text_field=cfg.input.text_field,
        on_error=cfg.on_error,
    )
    output = Path(cfg.output)
    n_docs = n_quotes = 0
    try:
        results = extractor.extract_many(corpus, chunk=cfg.chunk)
        if output.suffix in (".jsonl", ".json") or output.suffixes[-2:-1] == [".jsonl"]:
            with JsonlWriter(output) as w:
                for _, quotes in results:
                    n_docs += 1
                    for q in quotes:
                        w.write(q.to_dict())
                        n_quotes += 1
        else:
            records = []
            for _, quotes in results:
                n_docs += 1
                records += [q.to_dict() for q in quotes]
            n_quotes = write_records(output, records)
    except CorpusError as e:
        fail("negostance-extract", e)
    for message in corpus.errors[:5]:
        print(f"skipped: {message}", file=sys.stderr)
    print(
        f"documents {n_docs}  quotes {n_quotes}  skipped {corpus.skipped}  "
        f"seconds {time.perf_counter() - t0:.1f}  -> {output}"
    )
    return 0


def main() -> None:
    """Console entry point; rewrites ``input=<path>`` to ``input.path=<path>`` for Hydra."""
    sys.argv = alias_input_path(sys.argv)
    run()


if __name__ == "__main__":
    main()
