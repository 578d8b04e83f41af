"""Write the notebooks in this folder from the cell sources below, outputs empty.

    python notebooks/_build.py          # rewrite 01-..., 02-..., 03-...ipynb
    python notebooks/_build.py --check  # exit 1 if a notebook differs from what this file writes

Edit the cells here, not in Jupyter, so that the notebooks stay small and reviewable in git; the
notebooks only call the package (negostance.evaluation.inspect, negostance.tracking.runs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


class md(str):  # noqa: N801
    """A Markdown cell; plain strings are code cells."""


INSPECT = [
    md("""# Inspect predictions

Point `RUN` at a run directory (it reads `predictions/test.jsonl`, `config.json` and the corpus the
run was trained on) or at a predictions file (`.jsonl`, `.csv`, `.parquet`). Predictions without
gold labels (`negostance-score` output) are matched to the gold quotes of `GOLD`, or of the run's
corpus. Shown: metrics with bootstrap intervals, per-class scores, the confusion matrix, the
reliability diagram, stance shares per dispute and per speaker, and the most confident errors and
least confident correct predictions, each quote highlighted in its paragraph."""),
    """import os

from IPython.display import HTML, display

from negostance.evaluation import inspect as ins
from negostance.evaluation import render
from negostance.evaluation.report import confusion_table, per_group_table

%matplotlib inline

# a run directory or a predictions file; default: the newest run under $NEGOSTANCE_RUNS or ../runs
RUN = os.environ.get("NEGOSTANCE_RUN") or ins.latest_run(os.environ.get("NEGOSTANCE_RUNS", "../runs"))
GOLD = os.environ.get("NEGOSTANCE_GOLD") or None  # gold quotes for predictions that carry no gold
SPLIT = "test"
N_EXAMPLES = 8""",
    """view = ins.load_run(RUN, split=SPLIT, gold=GOLD)
print(f"run {view.name}: {view.predictions}")
print(f"{view.report['n_gold']} gold quotes, {view.report['n_predictions']} predictions, "
      f"model {', '.join(view.report['models']) or '?'}, corpus {view.corpus_dir or 'unknown'}")""",
    md("## Metrics (95 % bootstrap intervals)"),
    "ins.metrics_table(view.report)",
    md("## Per class"),
    "ins.per_class_table(view.report)",
    md(
        "## Confusion matrix\n\nGold down, predicted across; `missed` counts gold quotes the extractor lost."
    ),
    "display(confusion_table(view.rows))\nrender.confusion_figure(view.report)",
    md(
        "## Calibration\n\nTop-label confidence against accuracy, before and after temperature scaling."
    ),
    """fig = render.reliability_figure(view.report)
display(ins.reliability_table(view.report))
fig if fig is not None else print("no scores in the predictions: no reliability diagram")""",
    md("## Stance per dispute and per speaker\n\nGold shares on the left, predicted on the right."),
    """display(per_group_table(view.rows, "dispute"))
ins.plot_stance_shares(view.rows, "dispute")""",
    'ins.plot_stance_shares(view.rows, "speaker", top=15)',
    md("## Most confident errors"),
    """errors = ins.most_confident_errors(view.rows, N_EXAMPLES)
display(ins.examples_table(errors))
HTML(ins.examples_html(errors, view.texts))""",
    md("## Least confident correct predictions"),
    """unsure = ins.least_confident_correct(view.rows, N_EXAMPLES)
display(ins.examples_table(unsure))
HTML(ins.examples_html(unsure, view.texts))""",
]

CORPUS = [
    md("""# Corpus overview

`CORPUS` is a gold corpus folder (`articles.jsonl` + `quotes.jsonl`; empty: the bundled corpus).
`PREDICTIONS` is optionally a scored corpus: the quotes an extractor found and the classifier
labelled (`negostance-score` output, or a run's `predictions/test.jsonl`); `ARTICLES` its articles
when they are not the gold corpus's. Shown: articles, quotes and labels per dispute and split,
quote lengths, the speakers with the most quotes, and for a scored corpus the same plus extraction
coverage (gold quotes found / missed) where it covers gold articles."""),
    """import os

from IPython.display import HTML, display

from negostance.evaluation import inspect as ins

%matplotlib inline

CORPUS = os.environ.get("NEGOSTANCE_CORPUS") or None  # None: the bundled corpus
PREDICTIONS = os.environ.get("NEGOSTANCE_PREDICTIONS") or None  # a scored corpus, optional
ARTICLES = os.environ.get("NEGOSTANCE_ARTICLES") or None  # its articles, if not the gold corpus's
N_EXAMPLES = 8""",
    """articles, quotes = ins.load_corpus(CORPUS)
print(f"{len(articles)} articles, {len(quotes)} gold quotes, "
      f"{quotes['dispute'].nunique()} disputes, {quotes['speaker'].nunique()} speakers")""",
    md("## Articles, quotes and labels per dispute and split"),
    "ins.corpus_counts(quotes, articles)",
    'ins.corpus_counts(quotes, articles, by=["split"])',
    'ins.plot_stance_shares(quotes.rename(columns={"label": "gold"}), "dispute", top=40)',
    md("## Quote length (words)"),
    'display(quotes["words"].describe().to_frame().T)\nins.length_table(quotes)',
    md("## Speakers with the most quotes"),
    "ins.top_speakers(quotes, 15)",
    md("## Scored corpus"),
    """if PREDICTIONS:
    scored_articles = ins.read_table(ARTICLES) if ARTICLES else articles
    scored = ins.quotes_frame(ins.read_table(PREDICTIONS), scored_articles)
    print(f"{len(scored)} scored quotes in {scored['doc_id'].nunique()} articles")
    display(ins.corpus_counts(scored, None, by=["dispute"]))
    display(ins.length_table(scored))
    display(ins.top_speakers(scored, 15))
else:
    print("no PREDICTIONS given")""",
    md("## Extraction coverage: gold quotes found and missed"),
    """covered = bool(PREDICTIONS) and bool(set(scored["doc_id"].astype(str)) & set(quotes["doc_id"]))
if covered:
    display(ins.extraction_coverage(quotes, scored))
    missed = ins.missed_quotes(quotes, scored)
    display(HTML(ins.examples_html(missed.head(N_EXAMPLES), ins.article_texts(CORPUS or ins.CORPUS_DIR))))
else:
    print("the scored corpus shares no article with the gold corpus: no coverage to show")""",
]

COMPARE = [
    md("""# Compare runs

Pick two or more finished training runs from an MLflow store (`RUN_IDS`; empty: the newest two of
`EXPERIMENT`). Shown: the parameters that differ, the logged metrics side by side, metrics with
bootstrap intervals recomputed from each run's test predictions (artifact `predictions/test.jsonl`,
or the run directory), a paired bootstrap test against the first run, and the quotes on which the
runs disagree, highlighted in their paragraphs."""),
    """import os
from pathlib import Path

from IPython.display import HTML, display

from negostance.evaluation import inspect as ins
from negostance.tracking import runs as tracked

%matplotlib inline

MLFLOW_URI = os.environ.get("NEGOSTANCE_MLFLOW_URI") or (
    "sqlite:///" + str(Path(os.environ.get("NEGOSTANCE_RUNS", "../runs")).resolve() / "mlflow.db"))
RUN_IDS = [r.strip() for r in os.environ.get("NEGOSTANCE_RUN_IDS", "").split(",") if r.strip()]
EXPERIMENT = os.environ.get("NEGOSTANCE_EXPERIMENT", "negostance")
SPLIT = "test"
N_EXAMPLES = 10""",
    """finished = tracked.list_runs(MLFLOW_URI, EXPERIMENT)
display(finished.head(20))
RUN_IDS = RUN_IDS or list(finished["run_id"][:2])
runs = tracked.load_runs(MLFLOW_URI, RUN_IDS, split=SPLIT)
[r.label for r in runs]""",
    md("## Parameters that differ"),
    "tracked.params_diff(runs)",
    md("## Logged metrics side by side"),
    "tracked.metrics_side_by_side(runs)",
    md("## Metrics with 95 % bootstrap intervals (from the predictions)"),
    """intervals = tracked.interval_table(runs)
display(intervals.pivot(index="metric", columns="run", values=["value", "low", "high"]))
tracked.plot_intervals(intervals)""",
    md("## Paired bootstrap test against the first run"),
    "tracked.paired_table(runs, baseline=0)",
    md("## Quotes on which the runs disagree"),
    """disagree = tracked.disagreements(runs)
print(f"{len(disagree)} of {len(runs[0].predictions)} quotes get different labels")
display(disagree.head(30))
texts = ins.article_texts(ins.corpus_of(runs[0].config))
HTML(ins.examples_html(disagree.head(N_EXAMPLES), texts, [r.label for r in runs]))""",
]

NOTEBOOKS = {
    "01-inspect-predictions.ipynb": INSPECT,
    "02-corpus-overview.ipynb": CORPUS,
    "03-compare-runs.ipynb": COMPARE,
}


def build(cells: list[str]) -> nbformat.NotebookNode:
    """A notebook of ``cells`` with stable cell ids, so that rebuilding changes nothing."""
    nb = new_notebook(metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}})
    for i, src in enumerate(cells):
        cell = new_markdown_cell(str(src)) if isinstance(src, md) else new_code_cell(src)
        cell["id"] = f"cell-{i:02d}"
        nb.cells.append(cell)
    return nb


def text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for name, cells in NOTEBOOKS.items():
        path, want = HERE / name, text(build(cells))
        if "--check" in argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != want:
                stale.append(name)
        else:
            path.write_text(want, encoding="utf-8")
    for name in stale:
        print(f"{name} differs from notebooks/_build.py: run python notebooks/_build.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
