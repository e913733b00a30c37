"""Rule and model claims merge into one list: one claim per value, each saying its source."""

from __future__ import annotations

from service.claims.merge import merge
from service.record import Claim

TEXT = "全年受理申请21件，办结86件，即办率提高至50%以上。"


def _claim(metric: str, value_text: str, value: float, unit: str, source: str, comparator: str = "=", conf: float = 0.9) -> Claim:
    m = TEXT.index(metric)
    v = TEXT.index(value_text)
    s, e = min(m, v), max(m + len(metric), v + len(value_text))
    return Claim(metric=metric, value=value, unit=unit, comparator=comparator, text=TEXT[s:e], start=s, end=e,
                 metric_span=(m, m + len(metric)), value_span=(v, v + len(value_text)), source=source, confidence=conf)


def test_same_claim_from_both_is_kept_once() -> None:
    r = _claim("受理申请", "21件", 21, "件", "rule")
    m = _claim("受理申请", "21件", 21, "件", "model", conf=0.8)
    out = merge([r], [m], prefer="rule", min_confidence=0.0)
    assert len(out) == 1 and out[0].source == "rule"
    assert out[0].confidence == round(r.confidence + 0.05, 2)  # agreement raises confidence (a two-decimal figure, not 0.9500000000000001)
    assert [c.source for c in merge([r], [m], prefer="model", min_confidence=0.0)] == ["model"]


def test_model_adds_what_rules_missed_with_its_source() -> None:
    r = _claim("受理申请", "21件", 21, "件", "rule")
    m = _claim("办结", "86件", 86, "件", "model")
    out = merge([r], [m], min_confidence=0.0, add_uncovered=True)
    assert [(c.metric, c.source) for c in out] == [("受理申请", "rule"), ("办结", "model")]


def test_conflict_on_one_value_keeps_the_preferred_source() -> None:
    r = _claim("受理申请", "21件", 21, "件", "rule")
    m = _claim("全年受理申请", "21件", 21, "件", "model")
    assert [c.source for c in merge([r], [m], prefer="rule", min_confidence=0.0)] == ["rule"]
    assert [c.metric for c in merge([r], [m], prefer="model", min_confidence=0.0)] == ["全年受理申请"]


def test_low_confidence_model_claims_are_dropped() -> None:
    m = _claim("即办率", "50%以上", 50, "%", "model", comparator=">=", conf=0.2)
    assert merge([], [m], min_confidence=0.5, add_uncovered=True) == []
    assert merge([], [m], min_confidence=0.0, add_uncovered=True) == [m]


def test_output_is_in_text_order() -> None:
    a = _claim("即办率", "50%以上", 50, "%", "rule", comparator=">=")
    b = _claim("受理申请", "21件", 21, "件", "model")
    assert [c.start for c in merge([a], [b], min_confidence=0.0, add_uncovered=True)] == sorted([a.start, b.start])


def test_defaults_come_from_the_config() -> None:
    from service.config import load_config

    cfg = load_config("claim_models.yaml")["merge"]
    r = _claim("受理申请", "21件", 21, "件", "rule")
    sure = _claim("全年受理申请", "21件", 21, "件", "model", conf=min(1.0, cfg["min_confidence"] + 0.01))
    unsure = _claim("办结", "86件", 86, "件", "model", conf=max(0.0, cfg["min_confidence"] - 0.01))
    out = merge([r], [sure, unsure])
    assert [c.source for c in out] == [cfg["prefer"]]


def test_an_unsure_rule_claim_gives_way_to_the_model() -> None:
    sure = _claim("受理申请", "21件", 21, "件", "rule", conf=0.9)
    unsure = _claim("全年受理申请", "21件", 21, "件", "rule", conf=0.5)
    m = _claim("受理申请", "21件", 21, "件", "model", conf=0.95)
    other = _claim("申请", "21件", 21, "件", "model", conf=0.95)
    assert [c.source for c in merge([sure], [other], prefer="rule", min_confidence=0.0, rule_yields_below=0.6)] == ["rule"]
    out = merge([unsure], [m], prefer="rule", min_confidence=0.0, rule_yields_below=0.6)
    assert [(c.metric, c.source) for c in out] == [("受理申请", "model")]
    # with the threshold at 0 the rule always stays
    assert [c.source for c in merge([unsure], [m], prefer="rule", min_confidence=0.0, rule_yields_below=0.0)] == ["rule"]


def test_model_claims_on_uncovered_values_can_be_left_out() -> None:
    r = _claim("受理申请", "21件", 21, "件", "rule")
    m = _claim("办结", "86件", 86, "件", "model")
    assert len(merge([r], [m], prefer="rule", min_confidence=0.0, add_uncovered=True)) == 2
    assert [c.source for c in merge([r], [m], prefer="rule", min_confidence=0.0, add_uncovered=False)] == ["rule"]


def test_model_runs_only_on_narrative_pieces_of_a_sentence_holding_a_table() -> None:
    from service.claims.model_spans import number_sentences

    text = "全年受理申请21件，规章000行政规范性文件123456，办结86件。"
    t0 = text.index("规章")
    t1 = text.index("，办结")
    pieces = number_sentences(text, [(t0, t1)])
    assert [p.text for p in pieces] == ["全年受理申请21件，", "，办结86件。"]
    assert all(text[p.start:p.end] == p.text for p in pieces)
    assert not any(p.start < t1 and t0 < p.end for p in pieces)


def test_running_the_model_only_where_it_can_matter_gives_the_same_claims(monkeypatch) -> None:
    """extract_claims consults the model only on the sentences of the rule claims it may confirm or
    replace (merge.model_focus); the merged claims equal those of running the model everywhere."""
    from pathlib import Path

    import pytest

    from service.claims.extractor import extract_claims
    from service.claims.merge import model_focus
    from service.claims.model_loader import load_model
    from service.claims.rules import find_claims

    path = Path(__file__).resolve().parents[1] / "models" / "claims-spacy"
    if not path.is_dir():
        pytest.skip("no shipped model")
    model = load_model(path)
    text = ("全年受理政府信息公开申请153件，比上年减少12件。区长信箱全年收到来信1025件。通过政务新媒体"
            "共发布信息758条，其中原创稿件不少于300篇。我县有民生资金录入任务的单位全区共12个乡镇(街道)。"
            "组织开展政务公开专题培训3场，培训各单位业务骨干260余人。")
    rules = find_claims(text)
    focus = model_focus(rules)
    if focus is None:
        pytest.skip("merge settings consult the model everywhere")
    calls: list = []
    orig = type(model).spans

    def spy(self, *a, **k):
        calls.append(k.get("focus"))
        return orig(self, *a, **k)

    monkeypatch.setattr(type(model), "spans", spy)
    fast = extract_claims(text, model=model)
    full = merge(rules, model.predict(text))
    key = lambda cs: [(c.metric, c.value, c.unit, c.comparator, c.value_span, c.source, c.confidence) for c in cs]  # noqa: E731
    assert key(fast) == key(full)
    assert focus, "the text should hold a rule claim the model is asked about"
    assert calls[0] == focus  # extract_claims ran the model on the focus only


def test_the_model_confirms_rule_claims_without_changing_them() -> None:
    """With `confirm`, the rules decide the claims and the model only sets how sure each one is: a
    rule claim the model reads the same way goes up, one it reads otherwise or misses goes down."""
    read_same = _claim("受理申请", "21件", 21, "件", "rule", conf=0.8)
    read_other = _claim("办结", "86件", 86, "件", "rule", conf=0.9)
    missed = _claim("即办率", "50%以上", 50, "%", "rule", comparator=">=", conf=1.0)
    model = [
        _claim("受理申请", "21件", 21, "件", "model", conf=0.5),  # a weak reading that agrees still confirms
        _claim("申请", "86件", 86, "件", "model", conf=0.99),  # another reading of the same value
    ]
    out = merge([read_same, read_other, missed], model, rule_yields_below=0.0, add_uncovered=False, confirm=True,
                min_confidence=0.8)
    assert [(c.metric, c.source) for c in out] == [(c.metric, "rule") for c in (read_same, read_other, missed)]
    conf = {c.metric: c.confidence for c in out}
    assert conf["受理申请"] >= 0.95
    assert conf["办结"] == round(0.9 * 0.7, 2) and conf["即办率"] == 0.7
    # without confirm the confidences stay the rules' own (no agreement above min_confidence)
    plain = merge([read_same, read_other, missed], model, rule_yields_below=0.0, add_uncovered=False, confirm=False,
                  min_confidence=0.8)
    assert [c.confidence for c in plain] == [0.8, 0.9, 1.0]


def test_the_model_reads_only_the_focus_stretches_of_a_sentence() -> None:
    from service.claims.model_spans import number_sentences

    text = "全年受理申请21件，办结86件，其中予以公开40件，部分公开3件，不予公开2件。"
    a = text.index("受理")
    b = text.index("部分")
    pieces = number_sentences(text, [], focus=[(a, a + 8), (a + 4, a + 12), (b, b + 7)])
    # overlapping stretches merge; each piece is the text it says it is
    assert [(p.start, p.end) for p in pieces] == [(a, a + 12), (b, b + 7)]
    assert all(text[p.start:p.end] == p.text for p in pieces)
    # without focus the whole sentence is read
    assert [p.text for p in number_sentences(text, [])] == [text]
