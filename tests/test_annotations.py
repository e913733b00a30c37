"""The gold stand-off files are valid, and the validator catches each kind of error."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.standoff import GOLD_DIR, Span, StandoffDoc, load_source_text, save, text_sha256
from annotations.validate import allowed_labels, crosses_sentence, validate_doc, validate_gold

SOURCE = "project:tests/fixtures/annotations/report.txt"
MIN_GOLD_CLAIMS = 2000


# ---------------------------------------------------------------- the real gold data


def test_gold_files_have_no_problems(shared_dir: Path) -> None:
    problems, counts = validate_gold(GOLD_DIR)
    assert counts["docs"] > 0, "annotations/gold/ is empty"
    assert problems == []


def test_gold_has_enough_claims(shared_dir: Path) -> None:
    _, counts = validate_gold(GOLD_DIR)
    assert counts["per_label"].get("CLAIM", 0) >= MIN_GOLD_CLAIMS


def test_gold_is_what_the_authoring_files_give(shared_dir: Path, tmp_path: Path) -> None:
    """annotations/gold/ is built from annotations/authoring/ by annotations.author: keep them in step."""
    import json

    from annotations.author import build_all

    assert build_all(gold_dir=tmp_path) == []
    built = sorted(p.name for p in tmp_path.glob("*.json"))
    assert built == sorted(p.name for p in GOLD_DIR.glob("*.json"))
    for name in built:
        assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == json.loads((GOLD_DIR / name).read_text(encoding="utf-8")), name


# ---------------------------------------------------------------- the validator on invented docs


def _text() -> str:
    return load_source_text(SOURCE)


def _span(label: str, needle: str, after: int = 0) -> Span:
    t = _text()
    i = t.index(needle, after)
    return Span(i, i + len(needle), label, needle)


def _claim(claim: str, metric: str, value: str) -> list[Span]:
    c = _span("CLAIM", claim)
    return [c, _span("METRIC", metric, c.start), _span("VALUE", value, c.start)]


def _doc(spans: list[Span], source: str = SOURCE) -> StandoffDoc:
    return StandoffDoc(source=source, sha256=text_sha256(load_source_text(source)), spans=spans)


def _good_spans() -> list[Span]:
    return (
        _claim("主动公开政府信息1234条", "主动公开政府信息", "1234条")
        + _claim("即办率提高至50%以上", "即办率", "50%以上")
        + _claim("受理申请21件", "受理申请", "21件")
    )


def test_valid_doc_has_no_problems() -> None:
    assert validate_doc(_doc(_good_spans())) == []


def test_changed_source_is_caught() -> None:
    doc = _doc(_good_spans())
    doc.sha256 = "0" * 64
    (p,) = validate_doc(doc)
    assert "sha256" in p


def test_span_text_mismatch_is_caught() -> None:
    spans = _good_spans()
    spans[2] = Span(spans[2].start, spans[2].end, "VALUE", "1235条")
    (p,) = validate_doc(_doc(spans))
    assert "does not match" in p


def test_offsets_outside_text_are_caught() -> None:
    n = len(_text())
    problems = validate_doc(_doc(_good_spans() + [Span(n - 2, n + 5, "METRIC", "x")]))
    assert any("outside the text" in p for p in problems)


def test_overlapping_metric_and_value_are_caught() -> None:
    spans = _good_spans()
    m = _span("METRIC", "政府信息1")  # runs into the VALUE 1234条
    spans[1] = m
    problems = validate_doc(_doc(spans))
    assert any("overlapping entities" in p for p in problems)


def test_duplicate_entity_is_caught() -> None:
    spans = _good_spans()
    spans.append(_span("VALUE", "21件"))
    problems = validate_doc(_doc(spans))
    assert any("duplicate entities" in p for p in problems)


def test_duplicate_claim_is_caught() -> None:
    spans = _good_spans() + [_span("CLAIM", "受理申请21件")]
    (p,) = validate_doc(_doc(spans))
    assert "duplicate claims" in p


def test_claim_with_two_values_is_caught() -> None:
    # `分别` construction annotated as one CLAIM over a metric and both values
    spans = _good_spans() + [
        _span("CLAIM", "办结率、满意度分别为99%、100%"),
        _span("METRIC", "办结率"),
        _span("VALUE", "99%"),
        _span("VALUE", "100%"),
    ]
    problems = validate_doc(_doc(spans))
    assert any("holds 1 METRIC and 2 VALUE" in p for p in problems)


def test_claim_without_metric_is_caught() -> None:
    spans = [s for s in _good_spans() if s.text != "即办率"]
    problems = validate_doc(_doc(spans))
    assert any("holds 0 METRIC and 1 VALUE" in p for p in problems)


def test_claim_wider_than_its_entities_is_caught() -> None:
    spans = _good_spans()
    spans[3] = _span("CLAIM", "即办率提高至50%以上;受")
    problems = validate_doc(_doc(spans))
    assert any("not the smallest stretch" in p for p in problems)


def test_orphan_entity_is_caught() -> None:
    spans = _good_spans() + [_span("VALUE", "99%")]
    (p,) = validate_doc(_doc(spans))
    assert "not inside any CLAIM" in p


def test_unknown_label_is_caught() -> None:
    spans = _good_spans() + [_span("AMOUNT", "100%")]
    (p,) = validate_doc(_doc(spans))
    assert "unknown label" in p


def test_span_across_sentence_end_is_caught() -> None:
    # `;` (normalised `；`) ends the sentence before 受理申请
    spans = _good_spans()[3:] + [
        _span("CLAIM", "即办率提高至50%以上;受理申请21件"),
        _span("METRIC", "即办率"),
        _span("VALUE", "21件"),
    ]
    problems = validate_doc(_doc(spans))
    assert any("sentence end ';'" in p for p in problems)


def test_span_across_line_break_is_caught_outside_pdfs() -> None:
    spans = _good_spans()[:6] + [
        _span("CLAIM", "受理申请21件\n办结率"),
        _span("METRIC", "办结率"),
        _span("VALUE", "21件"),
    ]
    problems = validate_doc(_doc(spans))
    assert any("line break" in p for p in problems)
    # in a PDF a line break is a wrap, not a sentence end; a full stop still is
    assert crosses_sentence("受理申请\n21件", pdf=True) is None
    assert crosses_sentence("受理申请\n21件", pdf=False) is not None
    assert crosses_sentence("受理。申请21件", pdf=True) is not None
    assert crosses_sentence("受理申请21件。", pdf=False) is None


def test_missing_source_is_a_problem_not_a_crash() -> None:
    doc = StandoffDoc(source="project:tests/fixtures/annotations/absent.txt", sha256="0" * 64)
    (p,) = validate_doc(doc)
    assert "cannot load source text" in p


def test_labels_come_from_the_label_config(tmp_path: Path) -> None:
    cfg = tmp_path / "labels.xml"
    cfg.write_text(
        '<View><Text name="text" value="$text"/><Labels name="ner" toName="text">'
        '<Label value="METRIC"/><Label value="VALUE"/></Labels>'
        '<Labels name="span" toName="text"><Label value="CLAIM"/><Label value="NOTE"/></Labels></View>',
        encoding="utf-8",
    )
    assert allowed_labels(cfg) == {"METRIC", "VALUE", "CLAIM", "NOTE"}
    assert {"METRIC", "VALUE", "CLAIM"} <= allowed_labels()


def test_validate_gold_counts_and_collects_problems(tmp_path: Path) -> None:
    save(_doc(_good_spans()), tmp_path / "good.json")
    bad = _doc(_good_spans() + [_span("VALUE", "99%")])
    save(bad, tmp_path / "bad.json")
    problems, counts = validate_gold(tmp_path)
    assert counts["docs"] == 2
    assert counts["per_label"] == {"CLAIM": 6, "METRIC": 6, "VALUE": 7}
    assert counts["per_source"][SOURCE] == {"CLAIM": 6, "METRIC": 6, "VALUE": 7}
    assert len(problems) == 1 and problems[0].startswith("bad.json")


def test_command_line_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotations.validate import main

    save(_doc(_good_spans()), tmp_path / "good.json")
    assert main([str(tmp_path)]) == 0
    save(_doc(_good_spans() + [_span("VALUE", "99%")]), tmp_path / "bad.json")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "not inside any CLAIM" in out and "1 problems" in out
