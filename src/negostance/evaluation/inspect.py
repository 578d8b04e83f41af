"""Looking at finished runs and corpora: the logic behind the notebooks (numpy and pandas;
matplotlib only inside the ``plot_*`` functions; no torch).

``load_run`` gathers what a notebook shows about one prediction file: one row per gold quote
(``gold``, ``label``, ``scores``, ``speaker``, ``dispute``, ``quote``, offsets), the report dict of
``report.evaluate``, the run's config and the corpus it was trained on, so that a quote can be
shown inside the context the classifier saw (``data.context.quote_window``). The corpus functions
take gold quotes or a scored corpus's predictions alike (a ``label`` column either way).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from negostance import LABELS
from negostance.corpus import CORPUS_DIR, read_jsonl
from negostance.data.context import quote_window
from negostance.evaluation import render
from negostance.evaluation.io import load_gold, load_predictions
from negostance.evaluation.matching import MISSED, align, match_spans
from negostance.evaluation.report import evaluate


@dataclass
class RunView:
    """One prediction file of a run, aligned with its gold quotes and evaluated."""

    name: str
    predictions: Path
    rows: list[dict]
    report: dict
    config: dict = field(default_factory=dict)
    corpus_dir: Path | None = None

    @cached_property
    def texts(self) -> dict[str, str]:
        """Article texts of the run's corpus by ``doc_id`` (empty when the corpus is unknown)."""
        return article_texts(self.corpus_dir)


def corpus_of(config: Mapping | None) -> Path | None:
    """The gold corpus a run was trained on: ``data.corpus_dir`` of a ``load_gold_corpus`` data
    config (the bundled corpus when null); ``None`` for other data or a folder that is not there.

    >>> corpus_of({"data": {"_target_": "negostance.data.gold.load_gold_corpus"}}) == CORPUS_DIR
    True
    """
    data = (config or {}).get("data") or {}
    if not str(data.get("_target_", "")).endswith("load_gold_corpus"):
        return None
    d = Path(data["corpus_dir"]) if data.get("corpus_dir") else CORPUS_DIR
    return d if (d / "articles.jsonl").is_file() else None


def article_texts(corpus_dir) -> dict[str, str]:
    """``{doc_id: text}`` of ``corpus_dir/articles.jsonl`` (or of an articles file); ``{}`` for None."""
    if corpus_dir is None:
        return {}
    path = Path(corpus_dir)
    path = path / "articles.jsonl" if path.is_dir() else path
    return {str(a.get("id", a.get("doc_id"))): a["text"] for a in read_jsonl(path)}


def latest_run(runs_dir="runs", split: str = "test") -> Path:
    """The run directory under ``runs_dir`` whose ``predictions/<split>.jsonl`` is the newest."""
    found = sorted(
        Path(runs_dir).glob(f"**/predictions/{split}.jsonl"), key=lambda p: p.stat().st_mtime
    )
    if not found:
        raise FileNotFoundError(
            f"no run with predictions/{split}.jsonl under {Path(runs_dir).resolve()}"
        )
    return found[-1].parent.parent


def load_run(
    path,
    split: str = "test",
    gold=None,
    articles=None,
    corpus_dir=None,
    *,
    min_overlap: float = 0.5,
    n_resamples: int = 1000,
    seed: int = 0,
) -> RunView:
    """A run directory (its ``predictions/<split>.jsonl`` and ``config.json``) or a predictions
    file. Predictions that carry ``gold`` labels (training's output) are evaluated as they are;
    others are matched to ``gold`` (a quotes file or records; ``articles`` adds disputes) or, when
    none is given, to the gold quotes of ``corpus_dir`` or of the corpus the run was trained on."""
    path = Path(path)
    pred_path = path / "predictions" / f"{split}.jsonl" if path.is_dir() else path
    run_dir = path if path.is_dir() else None
    if run_dir is None and path.parent.name == "predictions":
        run_dir = path.parent.parent
    cfg_file = run_dir / "config.json" if run_dir else None
    config = json.loads(cfg_file.read_text()) if cfg_file and cfg_file.is_file() else {}
    corpus_dir = Path(corpus_dir) if corpus_dir else corpus_of(config)
    predictions = load_predictions(pred_path)
    if gold is None and corpus_dir is not None and any("gold" not in p for p in predictions):
        gold, articles = corpus_dir / "quotes.jsonl", articles or corpus_dir / "articles.jsonl"
    if isinstance(gold, str | Path):
        gold = load_gold(gold, articles)
    report = evaluate(
        predictions, gold, min_overlap=min_overlap, n_resamples=n_resamples, seed=seed
    )
    report["config"]["predictions"] = str(pred_path)
    rows = (
        [dict(p) for p in predictions] if gold is None else align(predictions, gold, min_overlap)[0]
    )
    name = run_dir.name if run_dir else pred_path.stem
    return RunView(name, pred_path, rows, report, config, corpus_dir)


def metrics_table(report: dict) -> pd.DataFrame:
    """Overall metrics of a report with their bootstrap interval: ``value``, ``low``, ``high``."""
    return pd.DataFrame(report["metrics"]).T.rename_axis("metric")


def per_class_table(report: dict) -> pd.DataFrame:
    """Precision, recall, F1 (with the F1 interval) and support per label."""
    out = {
        lab: {
            **{m: v[m]["value"] for m in ("precision", "recall", "f1")},
            "f1_low": v["f1"]["low"],
            "f1_high": v["f1"]["high"],
            "support": v["support"],
        }
        for lab, v in report["per_class"].items()
    }
    return pd.DataFrame(out).T.rename_axis("label").astype({"support": int})


def reliability_table(report: dict) -> pd.DataFrame | None:
    """The reliability diagram's bins (after calibration) as a table; None without scores."""
    cal = report.get("calibration")
    return None if cal is None else pd.DataFrame(cal["reliability"])


def _with_confidence(rows: Sequence[dict]) -> list[dict]:
    return [
        {**r, "confidence": max(r["scores"].values())}
        for r in rows
        if r.get("scores") and r.get("label") not in (None, MISSED) and r.get("gold")
    ]


def most_confident_errors(rows: Sequence[dict], n: int = 10) -> list[dict]:
    """The ``n`` wrong predictions with the highest top score (``confidence`` added).

    >>> rows = [{"gold": "favor", "label": "none", "scores": {"none": p, "favor": 1 - p}}
    ...         for p in (0.6, 0.9)]
    >>> [r["confidence"] for r in most_confident_errors(rows, 1)]
    [0.9]
    """
    wrong = [r for r in _with_confidence(rows) if r["label"] != r["gold"]]
    return sorted(wrong, key=lambda r: -r["confidence"])[:n]


def least_confident_correct(rows: Sequence[dict], n: int = 10) -> list[dict]:
    """The ``n`` right predictions with the lowest top score (``confidence`` added)."""
    right = [r for r in _with_confidence(rows) if r["label"] == r["gold"]]
    return sorted(right, key=lambda r: r["confidence"])[:n]


def _speaker(row: Mapping) -> str:
    return row.get("speaker") or row.get("pred_speaker") or ""


def _quote(row: Mapping) -> str:
    return row.get("quote") or row.get("pred_quote") or row.get("text") or ""


def examples_table(rows) -> pd.DataFrame:
    """The columns a reader scans: where, who, what, gold, predicted, confidence."""
    cols = ["doc_id", "dispute", "speaker", "quote", "gold", "label", "confidence"]
    df = pd.DataFrame([{**r, "speaker": _speaker(r), "quote": _quote(r)} for r in rows])
    return df[[c for c in cols if c in df]] if len(df) else pd.DataFrame(columns=cols)


def highlight(context: str, start: int, end: int) -> str:
    """``context`` as HTML with ``context[start:end]`` marked; everything else escaped.

    >>> highlight('a "<b>" c', 3, 6)
    'a &quot;<mark>&lt;b&gt;</mark>&quot; c'
    """
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    return f"{e(context[:start])}<mark>{e(context[start:end])}</mark>{e(context[end:])}"


def _in_context(row: Mapping, text: str | None) -> tuple[str, int, int]:
    """The quote's paragraph and the quote's offsets inside it, from the article when known."""
    quote, start, end = _quote(row), row.get("start"), row.get("end")
    if text and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        ctx, at = quote_window(text, start, end)
        return ctx, at, at + (end - start)
    ctx = row.get("context") or quote
    at = ctx.find(quote) if quote else -1
    return (
        (ctx, at, at + len(quote))
        if at >= 0
        else (f"{ctx} [{quote}]", len(ctx) + 2, len(ctx) + 2 + len(quote))
    )


def quote_html(
    row: Mapping, text: str | None = None, predictions: Mapping[str, str] | None = None
) -> str:
    """One quote, highlighted inside its context, under a line naming the speaker, the document
    and the labels: gold, and the prediction with its confidence (or ``predictions``, a label per
    run). ``text`` is the article, from which the context is rebuilt; without it the row's own
    ``context`` (or the bare quote) is shown."""
    e = html.escape
    ctx, a, b = _in_context(row, text)
    where = " · ".join(e(str(row[k])) for k in ("dispute", "doc_id") if row.get(k))
    labels = [f"gold <b>{e(row['gold'])}</b>"] if row.get("gold") else []
    if predictions is not None:
        labels += [f"{e(str(k))}: <b>{e(str(v))}</b>" for k, v in predictions.items()]
    elif row.get("label"):
        conf = row.get("confidence") or (max(row["scores"].values()) if row.get("scores") else None)
        labels.append(f"predicted <b>{e(row['label'])}</b>" + (f" ({conf:.2f})" if conf else ""))
    head = f"<b>{e(_speaker(row) or 'unknown speaker')}</b> ({where}) — " + ", ".join(labels)
    return (
        f'<div style="margin:0.8em 0"><div>{head}</div>'
        f'<div style="margin-left:1em">{highlight(ctx, a, b)}</div></div>'
    )


def examples_html(
    rows, texts: Mapping[str, str] | None = None, prediction_columns: Sequence[str] | None = None
) -> str:
    """``quote_html`` of each row (a list of dicts or a DataFrame); ``texts`` maps ``doc_id`` to the
    article; ``prediction_columns`` names columns holding one label each (runs compared)."""
    rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    texts = texts or {}
    return (
        "\n".join(
            quote_html(
                r,
                texts.get(str(r.get("doc_id"))),
                {c: r[c] for c in prediction_columns} if prediction_columns else None,
            )
            for r in rows
        )
        or "<p>(none)</p>"
    )


def stance_shares(
    rows,
    by: str,
    field: str = "label",
    labels: Sequence[str] = LABELS,
    top: int | None = 12,
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Share of each label (in ``field``) among the rows of each value of ``by`` (``speaker`` falls
    back to ``pred_speaker``), the ``top`` largest groups first, or ``groups`` in their order;
    columns: the labels and ``n``. Rows without a value or with another label are left out.

    >>> stance_shares([{"speaker": "A", "label": "favor"}, {"speaker": "A", "label": "none"}],
    ...               "speaker").loc["A"].tolist()
    [0.5, 0.0, 0.5, 2.0]
    """
    rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    pairs = [(r.get(by) or r.get(f"pred_{by}"), r.get(field)) for r in rows]
    df = pd.DataFrame([(str(g), y) for g, y in pairs if g and y in labels], columns=["g", "y"])
    counts = pd.crosstab(df["g"], df["y"]).reindex(columns=list(labels), fill_value=0)
    n = counts.sum(axis=1)
    if groups is None:
        groups = sorted(counts.index, key=lambda g: (-n[g], g))[:top]
    counts = counts.reindex(list(groups), fill_value=0)
    n = counts.sum(axis=1)
    shares = counts.div(n.where(n > 0, 1), axis=0)
    shares["n"] = n
    shares.index.name, shares.columns.name = by, None
    return shares


def plot_stance_shares(rows, by: str, top: int = 12, labels: Sequence[str] = LABELS):
    """Bar charts of label shares per value of ``by``: gold and predicted side by side (the same
    groups in the same order), or predicted only when the rows carry no gold."""
    rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    fields = [f for f in ("gold", "label") if any(r.get(f) in labels for r in rows)] or ["label"]
    groups = list(stance_shares(rows, by, fields[0], labels, top).index)
    tables = {
        f"{'gold' if f == 'gold' else 'predicted'} by {by}": stance_shares(
            rows, by, f, labels, groups=groups
        )
        for f in fields
    }
    return render.shares_figure(tables, labels)


# -- corpora ---------------------------------------------------------------------------------


def _label_counts(keys, quotes: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    """Quotes per value of ``keys`` (a column, columns or a series): ``quotes`` and each label."""
    t = pd.crosstab(keys, quotes["label"]).reindex(columns=list(labels), fill_value=0)
    t.insert(0, "quotes", t.sum(axis=1))
    return t


def read_table(path) -> pd.DataFrame:
    """A JSONL, CSV or Parquet file (JSONL and CSV optionally ``.gz``) as a DataFrame."""
    path = Path(path)
    suffixes = [x.lower() for x in path.suffixes if x.lower() != ".gz"]
    fmt = suffixes[-1] if suffixes else ""
    if fmt in (".parquet", ".pq"):
        return pd.read_parquet(path)
    if fmt == ".csv":
        return pd.read_csv(path)
    return pd.read_json(path, lines=True, dtype=False, convert_dates=False)


def quotes_frame(quotes, articles=None) -> pd.DataFrame:
    """Quote records (gold quotes or a scored corpus's predictions) with ``words`` (length of the
    quote) and, from ``articles`` (records or a frame with ``id``), ``dispute``, ``kind``, ``split``."""
    q = pd.DataFrame(quotes).copy()
    text = q["quote"] if "quote" in q else q.get("text", pd.Series([""] * len(q)))
    q["words"] = text.fillna("").astype(str).str.split().str.len()
    if articles is not None:
        a = pd.DataFrame(articles).rename(columns={"id": "doc_id"})
        cols = [c for c in ("dispute", "kind", "split") if c in a and c not in q]
        q["doc_id"] = q["doc_id"].astype(str)
        q = q.merge(a[["doc_id", *cols]].astype({"doc_id": str}), on="doc_id", how="left")
    return q


def load_corpus(corpus_dir=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and gold quotes (``quotes_frame``) of a corpus folder; the bundled one by default."""
    d = Path(corpus_dir) if corpus_dir else CORPUS_DIR
    articles = pd.DataFrame(read_jsonl(d / "articles.jsonl"))
    articles["words"] = articles["text"].str.split().str.len()
    return articles, quotes_frame(read_jsonl(d / "quotes.jsonl"), articles)


def corpus_counts(
    quotes: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    by: Sequence[str] = ("dispute", "split"),
    labels: Sequence[str] = LABELS,
) -> pd.DataFrame:
    """Articles, quotes and quotes per label for each value of ``by`` (the columns present), and a
    ``total`` row. Articles are counted from ``articles`` when given (so those without quotes count)."""
    by = [b for b in by if b in quotes] or ["doc_id"]
    t = _label_counts([quotes[b] for b in by], quotes, labels)
    docs = (
        articles.groupby(by).size()
        if articles is not None and set(by) <= set(articles)
        else quotes.groupby(by)["doc_id"].nunique()
    )
    t.insert(0, "articles", docs.reindex(t.index).fillna(0).astype(int))
    total = t.sum()
    total["articles"] = len(articles) if articles is not None else quotes["doc_id"].nunique()
    index = (
        pd.MultiIndex.from_tuples([("total",) + ("",) * (len(by) - 1)], names=by)
        if len(by) > 1
        else pd.Index(["total"], name=by[0])
    )
    return pd.concat([t, pd.DataFrame([total], index=index)])


def length_table(quotes: pd.DataFrame, labels: Sequence[str] = LABELS) -> pd.DataFrame:
    """Quotes per length bin (words) and label."""
    edges, names = [0, 5, 20, 50, np.inf], ["1-5", "6-20", "21-50", ">50"]
    bins = pd.cut(quotes["words"], edges, labels=names, include_lowest=True).rename("words")
    return _label_counts(bins, quotes, labels)


def top_speakers(quotes: pd.DataFrame, n: int = 15, labels: Sequence[str] = LABELS) -> pd.DataFrame:
    """The ``n`` speakers with the most quotes: quotes, per label, and how many disputes."""
    q = quotes[quotes["speaker"].fillna("").astype(str).str.strip() != ""]
    t = _label_counts(q["speaker"], q, labels)
    if "dispute" in q:
        t["disputes"] = q.groupby("speaker")["dispute"].nunique()
    return t.sort_values(["quotes"], ascending=False, kind="stable").head(n)


def _coverage(gold, predicted, min_overlap: float, docs):
    gold = gold.to_dict("records") if isinstance(gold, pd.DataFrame) else list(gold)
    pred = predicted.to_dict("records") if isinstance(predicted, pd.DataFrame) else list(predicted)
    docs = {str(d) for d in (docs if docs is not None else (p["doc_id"] for p in pred))}
    gold = [g for g in gold if str(g["doc_id"]) in docs]
    pred = [p for p in pred if str(p["doc_id"]) in docs]
    return gold, pred, match_spans(pred, gold, min_overlap)


def extraction_coverage(
    gold, predicted, by: str = "dispute", min_overlap: float = 0.5, docs=None
) -> pd.DataFrame:
    """Gold quotes found and missed by an extractor's ``predicted`` spans (``matching.match_spans``)
    per value of ``by`` and in total, with spurious predictions (no gold quote). Only documents in
    ``docs`` count (by default, those that have predictions: unscored articles are not misses)."""
    gold, pred, m = _coverage(gold, predicted, min_overlap, docs)
    group = {str(g["doc_id"]): g.get(by) for g in gold}
    found = {i for i, _ in m.pairs}
    rows = [{by: g.get(by), "gold": 1, "found": int(i in found)} for i, g in enumerate(gold)]
    rows += [{by: group.get(str(pred[j]["doc_id"])), "spurious": 1} for j in m.spurious]
    df = pd.DataFrame(rows, columns=[by, "gold", "found", "spurious"]).fillna({by: "-"})
    t = df.groupby(by).sum(min_count=0).fillna(0).astype(int)
    t.loc["total"] = t.sum()
    t.insert(2, "missed", t["gold"] - t["found"])
    t["recall"] = t["found"] / t["gold"].where(t["gold"] > 0)
    return t


def missed_quotes(gold, predicted, min_overlap: float = 0.5, docs=None) -> pd.DataFrame:
    """The gold quotes that no predicted span matched (same rules as ``extraction_coverage``),
    their label as ``gold``."""
    gold, _, m = _coverage(gold, predicted, min_overlap, docs)
    cols = list(gold[0]) if gold else ["doc_id", "start", "end", "label"]
    return pd.DataFrame([gold[i] for i in m.missed], columns=cols).rename(columns={"label": "gold"})
