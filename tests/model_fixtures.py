"""Invented annotated report text for the model tests (tests/fixtures/models), as stand-off docs."""

from __future__ import annotations

import json
from pathlib import Path

from annotations.author import build_doc
from annotations.standoff import StandoffDoc

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "models" / "claims.json"


def fixture_docs() -> list[StandoffDoc]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    out = []
    for d in data["docs"]:
        doc, problems = build_doc(d["source"], d["claims"], annotator=data["annotator"])
        assert not problems, problems
        out.append(doc)
    return out


def fixture_triples() -> list[tuple[str, str, str]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [tuple(t) for d in data["docs"] for t in d["claims"]]
