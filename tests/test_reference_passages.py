"""The recogniser on whole passages written the way Vietnamese and English news texts cite documents.

tests/data/citation_passages.json holds the passages and, for each, the references a reader sees in it (number
or plenum and term, and the date when the text gives one). Every one must be found, with its date, and nothing
else: the phone numbers, percentages, addresses, article numbers, year ranges and dates around them are no
citations.
"""
import json
from datetime import date
from pathlib import Path

import pytest

from news.references import find_references, references_in_html

PASSAGES = json.loads((Path(__file__).parent / "data" / "citation_passages.json").read_text())["passages"]


def seen(ref):
    found = {"plenum": ref.plenum, "term": ref.term} if ref.kind == "plenum" else {"number": ref.number}
    if ref.issued_on:
        found["issued_on"] = ref.issued_on
    return found


def expected(item):
    return {name: date.fromisoformat(value) if name == "issued_on" else value for name, value in item.items()}


@pytest.mark.parametrize("passage", PASSAGES, ids=[f"{p['lang']}: {p['form']}" for p in PASSAGES])
def test_every_reference_found_and_dated_and_nothing_else(passage):
    assert [seen(ref) for ref in find_references(passage["text"])] == [expected(i) for i in passage["expected"]]


@pytest.mark.parametrize("passage", PASSAGES, ids=[f"{p['lang']}: {p['form']}" for p in PASSAGES])
def test_the_same_in_html(passage):
    html = "<p>" + passage["text"].replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    assert [seen(ref) for ref in references_in_html(html)] == [expected(i) for i in passage["expected"]]


def test_the_passages_cover_both_languages_and_clean_text():
    languages = {p["lang"] for p in PASSAGES}
    assert languages == {"vi", "en"}
    assert all(any(not p["expected"] for p in PASSAGES if p["lang"] == lang) for lang in languages)
    assert sum(len(p["expected"]) for p in PASSAGES) >= 30
