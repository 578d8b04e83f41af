"""Rendering an evaluation report: Markdown tables, and figures drawn on matplotlib axes.

The ``draw_*`` functions draw on an axis they are given and import nothing, so a notebook and
``write_report`` share them; ``figure`` makes a stand-alone ``matplotlib.figure.Figure`` (not
registered with pyplot: no global state, no backend switch, safe in a notebook kernel).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np


def _ci(v: dict) -> str:
    return f"{v['value']:.3f} [{v['low']:.3f}, {v['high']:.3f}]"


def _table(header: Sequence[str], rows: Sequence[Sequence]) -> list[str]:
    fmt = lambda x: f"{x:.3f}" if isinstance(x, float) else str(x)  # noqa: E731
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(fmt(x) for x in row) + " |" for row in rows] + [""]


def render_markdown(report: dict) -> str:
    """``report.md``: the report dict as Markdown tables."""
    cfg = report["config"]
    pct = f"{cfg['confidence']:.0%}"
    out = ["# Evaluation report", ""]
    for k in ("predictions", "gold", "baseline"):
        if cfg.get(k):
            out.append(f"- {k}: `{cfg[k]}`")
    if report["models"]:
        out.append(f"- model: {', '.join(report['models'])}")
    out += [
        f"- gold quotes: {report['n_gold']}; predictions: {report['n_predictions']}",
        f"- {pct} percentile bootstrap intervals, {cfg['n_resamples']} resamples, seed {cfg['seed']}",
        "",
    ]
    out += ["## Overall", ""] + _table(
        ["metric", f"value [{pct} CI]"], [(k, _ci(v)) for k, v in report["metrics"].items()]
    )
    out += ["## Per class", ""] + _table(
        ["label", "precision", "recall", "F1", "support"],
        [
            (lab, _ci(v["precision"]), _ci(v["recall"]), _ci(v["f1"]), v["support"])
            for lab, v in report["per_class"].items()
        ],
    )
    c = report["confusion"]
    out += ["## Confusion matrix (gold down, predicted across)", ""] + _table(
        ["gold \\ predicted", *c["predicted"]],
        [(lab, *row) for lab, row in zip(c["gold"], c["matrix"], strict=True)],
    )
    e, m = report["errors"], report["matching"]
    out += ["## Errors: extraction vs stance", ""] + _table(
        ["gold quotes", "correct", "errors", "extraction (missed)", "stance (wrong label)"],
        [(e["n"], e["correct"], e["errors"], e["extraction"], e["stance"])],
    )
    if m is not None:
        by_label = ", ".join(f"{k}: {v}" for k, v in sorted(m["spurious_by_label"].items())) or "-"
        out += [
            f"Matching: span overlap >= {m['min_overlap']:g} of the gold span; {m['matched']} matched, "
            f"{m['missed']} missed, {m['spurious']} spurious predictions (no gold quote; {by_label}); "
            f"{m['gold_docs_without_predictions']} gold documents have no prediction at all.",
            "",
        ]
    for name, key in (("dispute", "by_dispute"), ("speaker", "by_speaker")):
        if report[key]:
            cols = list(report[key][0])
            out += [f"## By {name}", ""] + _table(cols, [[r[k] for k in cols] for r in report[key]])
    cal = report["calibration"]
    if cal is not None:
        before = (
            f"{cal['ece_before']:.4f}"
            if "ece_before" in cal
            else "n/a (no logits or scores_uncalibrated)"
        )
        out += ["## Calibration", ""] + _table(
            ["quotes", "bins", "ECE before", "ECE after"],
            [(cal["n"], cal["n_bins"], before, f"{cal['ece']:.4f}")],
        )
    if report["paired"] is not None:
        rows = [
            (
                k,
                v["a"],
                v["b"],
                f"{v['diff']:+.3f} [{v['low']:+.3f}, {v['high']:+.3f}]",
                f"{v['p_value']:.4f}",
            )
            for k, v in report["paired"].items()
            if isinstance(v, dict)
        ]
        out += ["## Paired bootstrap test against the baseline", ""] + _table(
            ["metric", "system", "baseline", f"difference [{pct} CI]", "p-value"], rows
        )
    return "\n".join(out)


def figure(ncols: int = 1, figsize: tuple[float, float] = (5, 4), sharey: bool = False):
    """A new ``Figure`` and its axes (one axis, or an array of ``ncols``)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.subplots(1, ncols, sharey=sharey)


def draw_confusion(ax, confusion: dict) -> None:
    """The report's ``confusion`` section (``gold``, ``predicted``, ``matrix``) as a heat map."""
    m = np.array(confusion["matrix"])
    ax.imshow(m, cmap="Blues")
    for (i, j), v in np.ndenumerate(m):
        ax.text(
            j, i, str(v), ha="center", va="center", color="white" if v > m.max() / 2 else "black"
        )
    ax.set(
        xticks=range(len(confusion["predicted"])),
        xticklabels=confusion["predicted"],
        yticks=range(len(confusion["gold"])),
        yticklabels=confusion["gold"],
        xlabel="predicted",
        ylabel="gold",
        title="Confusion matrix",
    )


def draw_reliability(ax, calibration: dict) -> None:
    """The report's ``calibration`` section: reliability curves before and after calibration."""
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1)
    for key, ece, name in (
        ("reliability_before", "ece_before", "before"),
        ("reliability", "ece", "after"),
    ):
        if key in calibration:
            d = calibration[key]
            pts = [
                (x, y) for x, y in zip(d["confidence"], d["accuracy"], strict=True) if x is not None
            ]
            ax.plot(
                *zip(*pts, strict=True), marker="o", label=f"{name} (ECE {calibration[ece]:.3f})"
            )
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence", ylabel="accuracy")
    ax.set_title("Reliability diagram")
    ax.legend(loc="best")


def draw_shares(ax, shares, labels: Sequence[str], title: str = "", legend: bool = True) -> None:
    """Stacked horizontal bars of label shares: ``shares`` is a DataFrame with one row per group,
    a column per label (shares summing to one) and ``n``; the first row is drawn at the top."""
    colors = {"favor": "tab:green", "against": "tab:red", "none": "tab:grey"}
    y = np.arange(len(shares))[::-1]
    left = np.zeros(len(shares))
    for lab in labels:
        v = shares[lab].to_numpy(dtype=float)
        ax.barh(y, v, left=left, label=lab, color=colors.get(lab))
        left += v
    short = [g if len(str(g)) <= 32 else f"{str(g)[:30]}…" for g in shares.index]
    ax.set_yticks(y, [f"{g} ({n})" for g, n in zip(short, shares["n"], strict=True)])
    ax.set(xlim=(0, 1), xlabel="share of quotes", title=title)
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")


def draw_intervals(ax, table, title: str = "") -> None:
    """Point estimates with interval bars: ``table`` has ``run``, ``metric``, ``value``, ``low``,
    ``high``; one group of bars per metric, one colour per run."""
    metrics = list(dict.fromkeys(table["metric"]))
    runs = list(dict.fromkeys(table["run"]))
    width = 0.5 / max(len(runs), 1)
    for k, run in enumerate(runs):
        t = table[table["run"] == run].set_index("metric").reindex(metrics)
        x = np.arange(len(metrics)) + (k - (len(runs) - 1) / 2) * width
        err = [t["value"] - t["low"], t["high"] - t["value"]]
        ax.errorbar(x, t["value"], yerr=err, fmt="o", capsize=4, label=str(run))
    ax.set_xticks(np.arange(len(metrics)), metrics)
    ax.set(ylim=(0, 1), ylabel="value", title=title)
    ax.legend(loc="best", fontsize="small")


def confusion_figure(report: dict):
    """The report's confusion matrix as a figure."""
    fig, ax = figure(figsize=(5.5, 4))
    draw_confusion(ax, report["confusion"])
    fig.tight_layout()
    return fig


def reliability_figure(report: dict):
    """The report's reliability diagram (before and after calibration); None without scores."""
    if report.get("calibration") is None:
        return None
    fig, ax = figure(figsize=(4.5, 4.5))
    draw_reliability(ax, report["calibration"])
    fig.tight_layout()
    return fig


def shares_figure(tables: dict, labels: Sequence[str]):
    """``draw_shares`` of each ``{title: shares}`` side by side, sharing the groups' axis."""
    rows = max((len(t) for t in tables.values()), default=0)
    fig, axes = figure(len(tables), (2.5 + 3 * len(tables), 1.5 + 0.3 * max(rows, 3)), sharey=True)
    for k, (ax, (title, table)) in enumerate(zip(np.atleast_1d(axes), tables.items(), strict=True)):
        if len(table):
            draw_shares(ax, table, labels, title, legend=k == len(tables) - 1)
        else:
            ax.set_title(f"{title}: nothing to show")
    fig.tight_layout()
    return fig


def write_figures(report: dict, directory: Path) -> list[str]:
    """``confusion_matrix.png`` and (when the report has calibration) ``reliability.png`` in
    ``directory``; returns the file names written."""
    confusion_figure(report).savefig(directory / "confusion_matrix.png", dpi=120)
    reliability = reliability_figure(report)
    if reliability is None:
        return ["confusion_matrix.png"]
    reliability.savefig(directory / "reliability.png", dpi=120)
    return ["confusion_matrix.png", "reliability.png"]
