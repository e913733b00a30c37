"""`nianbao annotate agree`: agreement of a second annotation with the gold, scored as an
extractor is scored (metric text, value, unit, comparator; one-to-one)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from annotations.agreement import agreement, load_annotation
from annotations.standoff import GOLD_DIR, claims_of, load, load_source_text

GOLD_FILES = [GOLD_DIR / "annotations_texts_synthetic_e01.json", GOLD_DIR / "annotations_texts_synthetic_e02.json"]


def _authoring(doc, text: str) -> dict:
    """The gold document written back as an annotator's authoring entry."""
    return {"source": doc.source, "claims": [[text[c.start:c.end], text[m.start:m.end], text[v.start:v.end]] for c, m, v in claims_of(doc)]}


def _second_annotation(tmp_path: Path, edit) -> tuple[Path, list]:
    docs = [load(p) for p in GOLD_FILES]
    entries = [_authoring(d, load_source_text(d.source)) for d in docs]
    edit(entries)
    path = tmp_path / "second.json"
    path.write_text(json.dumps({"annotator": "second", "docs": entries}, ensure_ascii=False), encoding="utf-8")
    return path, docs


def test_identical_annotations_agree_fully(tmp_path: Path) -> None:
    path, gold = _second_annotation(tmp_path, lambda entries: None)
    res = agreement(gold, load_annotation(path))
    n = sum(len(claims_of(d)) for d in gold)
    assert n > 10
    assert (res.docs, res.claims_a, res.claims_b, res.claims_agree) == (2, n, n, n)
    assert res.claim_f1 == 1.0 and res.disagreements == []


def test_a_shorter_metric_and_a_missing_claim_are_counted_and_listed(tmp_path: Path) -> None:
    def edit(entries):
        claims = entries[0]["claims"]
        k = next(i for i, (c, m, v) in enumerate(claims) if len(m) >= 4 and c.startswith(m))
        entries[0]["gold_metric"] = claims[k][1]
        claims[k][1] = claims[k][1][2:]  # the second annotator drops the first two characters
        del entries[1]["claims"][0]

    path, gold = _second_annotation(tmp_path, edit)
    res = agreement(gold, load_annotation(path))
    n = sum(len(claims_of(d)) for d in gold)
    assert (res.claims_a, res.claims_b, res.claims_agree) == (n, n - 1, n - 2)
    assert res.claim_f1 == round(2 * (n - 2) / (2 * n - 1), 4)
    kinds = sorted(d.kind for d in res.disagreements)
    assert kinds == ["metric", "only_a"]
    metric = next(d for d in res.disagreements if d.kind == "metric")
    gold_metric = json.loads(path.read_text(encoding="utf-8"))["docs"][0]["gold_metric"]
    assert metric.a.startswith(gold_metric + " ") and metric.b.startswith(gold_metric[2:] + " ")
    # VALUE spans all agree; one METRIC span differs and one is missing
    assert res.summary()["value_span_f1"] == round(2 * (n - 1) / (2 * n - 1), 4)


def test_cli_prints_figures_and_writes_the_disagreements(tmp_path: Path) -> None:
    from service.cli import app

    def edit(entries):
        del entries[0]["claims"][0]

    path, gold = _second_annotation(tmp_path, edit)
    out = tmp_path / "agree.md"
    r = CliRunner().invoke(app, ["annotate", "agree", str(path), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "2 documents" in r.output and "claim F1" in r.output
    report = out.read_text(encoding="utf-8")
    assert "| only_a |" in report


def test_cli_names_a_broken_second_annotation(tmp_path: Path) -> None:
    from service.cli import app

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"docs": [{"source": load(GOLD_FILES[0]).source, "claims": [["不在文中的句子1条", "句子", "1条"]]}]}), encoding="utf-8")
    r = CliRunner().invoke(app, ["annotate", "agree", str(bad)])
    assert r.exit_code == 1
    assert "bad.json" in r.output and "not found" in r.output


def test_cli_report_goes_into_a_new_folder_and_an_unwritable_path_is_named(tmp_path: Path) -> None:
    from service.cli import app

    path, _ = _second_annotation(tmp_path, lambda entries: None)
    out = tmp_path / "reports" / "round" / "agree.md"  # folders that do not exist yet
    r = CliRunner().invoke(app, ["annotate", "agree", str(path), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "| claim (metric, value, unit, comparator) | 1.000 |" in out.read_text(encoding="utf-8")
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    r = CliRunner().invoke(app, ["annotate", "agree", str(path), "-o", str(blocker / "agree.md")])
    assert r.exit_code == 2, r.output  # an error line, not a traceback
    assert f"cannot write {blocker / 'agree.md'}" in r.output
