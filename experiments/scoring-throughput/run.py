"""Scoring throughput and memory; see README.md for the question and the results.

    python experiments/scoring-throughput/run.py classify [--checkpoint auto] [--quotes 1000]
    python experiments/scoring-throughput/run.py e2e --extractor rules --articles 10000
    python experiments/scoring-throughput/run.py memory --articles 100000 --checkpoint tiny

classify: the same quotes, the same length-sorted batches, timed in alternation:
StancePipeline.classify_examples (tokenize, sort, pad, forward, softmax, records), the raw model
forward pass over pre-tokenized, pre-padded batches, transformers.pipeline("text-classification")
(batched, and as called by default) and, on the CPU, StancePipeline with quantize="int8".
e2e: score_corpus (the code behind negostance-score, output JSONL included) on the real article
repeated N times. memory: the same on a long stream, resident memory sampled every 1,000 articles.
Each part writes results/<part>[-<extractor>][-tiny].json next to this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ARTICLE = Path(os.environ.get("NEGOSTANCE_SHARED", REPO.parent / "shared")) / "examples" / "kremlin_negotiate_with_us.txt"


def choose_checkpoint(spec: str, tmp: Path) -> tuple[Path, str]:
    """``auto``: the newest finished MiniLM run under runs/train, else the tiny model."""
    if spec not in ("auto", "tiny"):
        return Path(spec), f"given: {spec}"
    if spec == "auto":
        for run in sorted((REPO / "runs" / "train").glob("*/"), reverse=True):
            meta = run / "checkpoint" / "negostance.json"
            finished = (run / "metrics.json").is_file() and meta.is_file()
            if finished and json.loads(meta.read_text())["config"]["model"]["id"] == "minilm":
                return run, f"finished MiniLM run {run.relative_to(REPO)}"
    from negostance import LABELS
    from negostance.modeling.checkpoint import save_checkpoint
    from negostance.modeling.factory import build_tiny_classifier
    from negostance.modeling.templates import DEFAULT_TEMPLATE

    model, tok = build_tiny_classifier()
    meta = {"labels": list(LABELS), "template": DEFAULT_TEMPLATE, "max_length": 256,
            "target": "negotiations", "temperature": 1.0, "model_id": "tiny-random"}
    why = "asked for" if spec == "tiny" else "no finished MiniLM run"
    return save_checkpoint(tmp / "tiny", model, tok, meta), f"tiny random 2-layer BERT ({why})"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> dict:
    import torch
    import transformers

    return {"python": platform.python_version(), "torch": torch.__version__,
            "transformers": transformers.__version__, "cpus": os.cpu_count(),
            "torch_threads": torch.get_num_threads(), "cpu": platform.processor() or platform.machine(),
            "load_avg_start": os.getloadavg(),
            "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}


def classify(args, ckpt: Path) -> dict:
    import numpy as np
    import torch
    from transformers import pipeline as hf_pipeline

    from negostance.corpus import ARTICLES, read_jsonl
    from negostance.inference import load_pipeline
    from negostance.modeling.classifier import encode
    from negostance.modeling.templates import render_pair

    pipe = load_pipeline(ckpt, extractor="rules", batch_size=args.batch_size, device=args.device)
    clf = pipe.classifier
    gpu = clf.device.type == "cuda"
    int8 = None if clf.device.type != "cpu" else load_pipeline(  # dynamic int8 runs on the CPU only
        ckpt, extractor="rules", batch_size=args.batch_size, device="cpu", quantize="int8")
    examples = []
    for art in read_jsonl(ARTICLES):  # varied lengths, as a real corpus has
        examples += pipe.examples_for(art["text"], [q.to_dict() for q in pipe.extractor(art["text"])])
        if len(examples) >= args.quotes:
            break
    examples = [{**e, "target": e["target"] or clf.target} for e in examples[: args.quotes]]

    feats = encode(clf.tokenizer, examples, clf.template, clf.max_length)
    keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in feats]
    order = sorted(range(len(examples)), key=lambda i: len(feats["input_ids"][i]))
    batches = [clf.tokenizer.pad({k: [feats[k][i] for i in order[s : s + args.batch_size]] for k in keys},
                                 return_tensors="pt").to(clf.device)
               for s in range(0, len(order), args.batch_size)]

    def raw():
        with torch.inference_mode():
            out = [clf.model(**b).logits for b in batches]
        if gpu:
            torch.cuda.synchronize()  # the pipeline's outputs are on the host: time the same work
        return out

    hf = hf_pipeline("text-classification", model=clf.model, tokenizer=clf.tokenizer, device=clf.device)
    pairs = [render_pair(e, clf.template) for e in examples]
    hf_inputs = [{"text": a, "text_pair": b} if b else a for a, b in pairs]

    def hf_run(batch_size):
        return lambda: hf(hf_inputs, batch_size=batch_size, top_k=None,
                          truncation="longest_first", max_length=clf.max_length)

    # transformers.pipeline twice: batched like ours (64, in input order) and as called by default
    methods = {"pipeline": lambda: pipe.classify_examples(examples), "raw_forward": raw,
               "hf_pipeline": hf_run(args.batch_size), "hf_pipeline_default": hf_run(1)}
    if int8 is not None:
        methods["pipeline_int8"] = lambda: int8.classify_examples(examples)
    outputs = {name: fn() for name, fn in methods.items()}  # warm-up, and outputs to compare
    times = {name: [] for name in methods}
    cpu = {name: [] for name in methods}
    for _ in range(args.repeats):  # alternate, so that load from other jobs hits all alike
        for name, fn in methods.items():
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    def probs(records):
        return np.array([[r["scores_uncalibrated" if "scores_uncalibrated" in r else "scores"][lab]
                          for lab in pipe.labels] for r in records])

    ours = probs(outputs["pipeline"])
    theirs = np.array([[{d["label"]: d["score"] for d in r}[lab] for lab in pipe.labels]
                       for r in outputs["hf_pipeline"]])
    qps = {name: len(examples) / statistics.median(ts) for name, ts in times.items()}
    # per CPU-second of this process: what a free core gives, whatever the other jobs do
    qpc = {name: len(examples) / statistics.median(ts) for name, ts in cpu.items()}
    lengths = [len(x) for x in feats["input_ids"]]

    def padded(idx):  # tokens the model computes on, padding included
        return sum(len(b) * max(lengths[i] for i in b)
                   for b in (idx[s : s + args.batch_size] for s in range(0, len(idx), args.batch_size)))

    result = {"quotes": len(examples), "batch_size": args.batch_size, "repeats": args.repeats,
            "seconds": times, "cpu_seconds": cpu, "quotes_per_s": qps, "quotes_per_cpu_s": qpc,
            "cpu": {"pipeline_over_raw": qpc["pipeline"] / qpc["raw_forward"],
                    "pipeline_over_hf": qpc["pipeline"] / qpc["hf_pipeline"],
                    "pipeline_over_hf_default": qpc["pipeline"] / qpc["hf_pipeline_default"]},
            "pipeline_over_raw": qps["pipeline"] / qps["raw_forward"],
            "pipeline_over_hf": qps["pipeline"] / qps["hf_pipeline"],
            "pipeline_over_hf_default": qps["pipeline"] / qps["hf_pipeline_default"],
            "tokens": sum(lengths), "padded_tokens_sorted": padded(order),
            "padded_tokens_input_order": padded(list(range(len(lengths)))),
            "max_abs_prob_diff_vs_hf": float(np.abs(ours - theirs).max()),
            "mean_tokens": float(np.mean(lengths)),
            "attn_implementation": getattr(clf.model.config, "_attn_implementation", None)}
    if int8 is not None:  # speed against every method, and what the int8 weights cost in accuracy
        q = probs(outputs["pipeline_int8"])
        result["int8"] = {
            "cpu": {f"int8_over_{k}": qpc["pipeline_int8"] / qpc[k] for k in methods if k != "pipeline_int8"},
            "wall": {f"int8_over_{k}": qps["pipeline_int8"] / qps[k] for k in methods if k != "pipeline_int8"},
            "label_agreement_with_fp32": float(np.mean(q.argmax(1) == ours.argmax(1))),
            "labels_changed": int(np.sum(q.argmax(1) != ours.argmax(1))),
            "max_abs_prob_diff_vs_fp32": float(np.abs(q - ours).max()),
            "mean_abs_prob_diff_vs_fp32": float(np.abs(q - ours).mean()),
            "fp32_label_counts": dict(zip(pipe.labels, np.bincount(ours.argmax(1), minlength=3).tolist())),
            "int8_label_counts": dict(zip(pipe.labels, np.bincount(q.argmax(1), minlength=3).tolist()))}
    return result


def e2e(args, ckpt: Path, tmp: Path, sample_every: int = 0) -> dict:
    from negostance.inference import load_pipeline
    from negostance.inference.scoring import score_corpus

    text = ARTICLE.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    pipe = load_pipeline(ckpt, extractor=args.extractor, batch_size=args.batch_size, chunk=args.chunk,
                         device=args.device)
    pipe.predict(text)  # loads spaCy, warms the model
    load_s = time.perf_counter() - t0
    samples = []

    def docs():
        for i in range(args.articles):
            if sample_every and i % sample_every == 0 and i:
                samples.append((i, rss_mb()))
            yield f"k{i:06d}", text
        if sample_every:
            samples.append((args.articles, rss_mb()))

    out = tmp / "scores.jsonl"
    t0, c0 = time.perf_counter(), time.process_time()
    res = score_corpus(pipe, docs(), out, {"input": "benchmark"}, progress=args.progress)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    result = {"extractor": args.extractor, "articles": res.documents, "quotes": res.quotes,
              "seconds": dt, "load_seconds": load_s, "articles_per_s": res.documents / dt,
              "quotes_per_s": res.quotes / dt, "cpu_seconds": cpu,
              # the machine is shared: per CPU-second of this process is what one free core gives
              "articles_per_cpu_s": res.documents / cpu, "quotes_per_cpu_s": res.quotes / cpu,
              "output_mb": out.stat().st_size / 2**20,
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if samples:
        first = next(r for i, r in samples if i >= 1000)
        result.update(rss_samples_mb=samples, rss_at_1000_mb=first, rss_at_end_mb=samples[-1][1],
                      growth=(samples[-1][1] - first) / first)
    return result


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", choices=["classify", "e2e", "memory"])
    ap.add_argument("--checkpoint", default="auto", help="auto | tiny | a run directory or checkpoint")
    ap.add_argument("--extractor", default="rules", choices=["rules", "spacy"])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--quotes", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--chunk", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (the machine is shared)")
    ap.add_argument("--progress", action="store_true")
    ap.add_argument("--name", default=None, help="results/<name>.json instead of the default name")
    ap.add_argument("--device", default="cpu", help="where the model runs: cpu (as measured here), cuda, auto")
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ckpt, which = choose_checkpoint(args.checkpoint, tmp)
        info = {"part": args.part, "command": " ".join(["python", *sys.argv]), "checkpoint": which,
                "machine": machine()}
        if args.part == "classify":
            info.update(classify(args, ckpt))
        else:
            info.update(e2e(args, ckpt, tmp, sample_every=1000 if args.part == "memory" else 0))
        info["machine"]["load_avg_end"] = os.getloadavg()
    name = args.part if args.part == "classify" else f"{args.part}-{args.extractor}"
    name += "-tiny" if args.checkpoint == "tiny" else ""
    name += "" if args.device == "cpu" else "-" + args.device.replace(":", "")
    name = args.name or name
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / f"{name}.json").write_text(json.dumps(info, indent=1) + "\n")
    summary = {k: v for k, v in info.items() if k not in ("seconds", "cpu_seconds", "rss_samples_mb")}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
