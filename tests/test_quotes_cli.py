"""End to end: negostance-extract on a tiny corpus, and on a corpus with bad records."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow
ARTICLES = [
    {
        "id": "a",
        "text": 'Presidential spokesman Anton Velesky spoke.\n"We are ready," Velesky said.',
    },
    {"id": "b", "text": "<p>Ivan Petrov called it &ldquo;a trap,&rdquo; on Monday.</p>"},
]


def run(*args):
    code = "import sys; from negostance.cli.extract import main; sys.argv[0] = 'x'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_extract_jsonl_and_parquet(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    out = tmp_path / "q.jsonl"
    r = run(f"input={corpus}", f"output={out}", "extractor=rules")
    assert r.returncode == 0, r.stderr
    assert "documents 2  quotes 2  skipped 0" in r.stdout
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    texts = {a["id"]: a["text"] for a in ARTICLES}
    for q in recs:
        assert texts[q["doc_id"]][q["start"] : q["end"]] == q["quote"]
    assert [q["speaker"] for q in recs] == ["Anton Velesky", "Ivan Petrov"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "q.jsonl"]  # no litter


def test_bad_record_raise_and_skip(tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text('doc,body\na,"""Yes,"" Ann Lee said."\nb,\n')
    out = tmp_path / "q.csv"
    r = run(
        f"input={corpus}",
        f"output={out}",
        "extractor=rules",
        "input.id_field=doc",
        "input.text_field=body",
    )
    assert r.returncode != 0 and "c.csv:3" in r.stderr and not out.exists()
    r = run(
        f"input={corpus}",
        f"output={out}",
        "extractor=rules",
        "input.id_field=doc",
        "input.text_field=body",
        "on_error=skip",
    )
    assert r.returncode == 0, r.stderr
    assert "skipped 1" in r.stdout and out.exists()
