"""Corpus reading and atomic record writing, including every kind of bad input."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from negostance.data.io import CorpusError, JsonlWriter, iter_corpus, write_records


def test_jsonl_gz_csv_parquet_and_custom_fields(tmp_path):
    rows = [{"doc": "a", "body": "one"}, {"doc": "b", "body": "two"}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with gzip.open(tmp_path / "c.jsonl.gz", "wt") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    pd.DataFrame(rows).to_csv(tmp_path / "c.csv", index=False)
    pd.DataFrame(rows).to_parquet(tmp_path / "c.parquet")
    for name in ("c.jsonl", "c.jsonl.gz", "c.csv", "c.parquet"):
        got = list(iter_corpus(tmp_path / name, id_field="doc", text_field="body"))
        assert got == [("a", "one"), ("b", "two")], name


def test_folder_of_txt_and_html(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "x.txt").write_text("hello")
    (tmp_path / "sub" / "y.html").write_text("<p>hi</p>")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    assert list(iter_corpus(tmp_path)) == [("sub/y", "<p>hi</p>"), ("x", "hello")]


def test_bad_records_raise_with_file_and_line(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(b'{"id": "a", "text": "ok"}\nnot json\n')
    with pytest.raises(CorpusError, match=r"c\.jsonl:2: not JSON"):
        list(iter_corpus(p))


def test_skip_counts_every_kind_of_bad_record(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(
        b'{"id": "a", "text": "ok"}\n'
        b"not json\n"
        b'{"id": "b", "text": "\xff\xfe"}\n'
        b'{"text": "no id"}\n'
        b'{"id": "c"}\n'
        b'{"id": "d", "text": "   "}\n'
        b"[1, 2]\n"
    )
    reader = iter_corpus(p, on_error="skip")
    assert list(reader) == [("a", "ok")]
    assert reader.skipped == 6
    assert any("missing id" in e for e in reader.errors)
    assert any("undecodable" in e for e in reader.errors)


def test_file_that_is_not_what_its_suffix_says(tmp_path):
    fake = tmp_path / "c.parquet"
    fake.write_text('{"id": "a", "text": "x"}\n')
    with pytest.raises(CorpusError, match="not a Parquet"):
        list(iter_corpus(fake))
    gz = tmp_path / "c.jsonl.gz"
    gz.write_text("plain")
    reader = iter_corpus(gz, on_error="skip")
    assert list(reader) == [] and reader.skipped == 1
    (tmp_path / "x.docx").write_text("x")
    with pytest.raises(CorpusError, match="unknown corpus format"):
        list(iter_corpus(tmp_path / "x.docx"))
    with pytest.raises(CorpusError, match="no such file"):
        list(iter_corpus(tmp_path / "missing.jsonl"))


def test_binary_and_undecodable_txt_files(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02junk")
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9")
    (tmp_path / "ok.txt").write_text("fine")
    reader = iter_corpus(tmp_path, on_error="skip")
    assert list(reader) == [("ok", "fine")] and reader.skipped == 2


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv", "out.parquet", "out.csv.gz"])
def test_write_records_round_trip(tmp_path, name):
    recs = [
        {"doc_id": "a", "quote": "x", "speaker": None},
        {"doc_id": "b", "quote": "y", "speaker": "Z"},
    ]
    assert write_records(tmp_path / name, recs) == 2
    assert [f.name for f in tmp_path.iterdir()] == [name]  # no temp file left
    back = list(iter_corpus(tmp_path / name, id_field="doc_id", text_field="quote"))
    assert back == [("a", "x"), ("b", "y")]


def test_jsonl_writer_is_atomic(tmp_path):
    out = tmp_path / "q.jsonl"
    out.write_text("old\n")
    with pytest.raises(RuntimeError), JsonlWriter(out) as w:
        w.write({"a": 1})
        raise RuntimeError("boom")
    assert out.read_text() == "old\n"
    assert [f.name for f in tmp_path.iterdir()] == ["q.jsonl"]
