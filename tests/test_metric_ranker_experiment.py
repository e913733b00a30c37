"""The metric re-ranker experiment (training/experiments/metric_ranker.py, not shipped) does what its
model card entry says: candidates around the rules' metric, a fit that learns a boundary pattern,
and a margin that keeps the rules' choice unless the model is clearly surer."""

from __future__ import annotations

from dataclasses import replace

from service.claims.rules import find_claims
from training.experiments.metric_ranker import Example, MetricRanker, RankerSettings, candidates, fit, rankable


def _claim(text: str, metric: str):
    claims = [c for _, c, _ in rankable(find_claims(text))]
    return next(c for c in claims if c.metric == metric)


def test_candidates_hold_the_rules_metric_and_stay_in_the_clause() -> None:
    text = "全年召开新闻发布会，新增公开政策文件12件。"
    c = _claim(text, "政策文件")
    cands = candidates(text, c, 0, RankerSettings())
    names = {text[x.start : x.end] for x in cands}
    assert "政策文件" in names and "公开政策文件" in names and "新增公开政策文件" in names
    assert sum(x.is_rule for x in cands) == 1
    assert all(text.find("，") < x.start for x in cands)  # never across the comma
    assert all(x.end <= c.value_span[0] for x in cands)


def test_fit_learns_a_boundary_and_the_margin_guards_the_rules_choice() -> None:
    # in every training example the gold metric keeps the verb 公开 the rules drop
    texts = [f"今年公开{obj}{n}件。" for obj, n in (("政策文件", 12), ("规划计划", 7), ("预算报告", 3), ("统计公报", 9))]
    examples = []
    for t in texts:
        c = next(c for _, c, _ in rankable(find_claims(t)))
        cands = candidates(t, c, 0, RankerSettings())
        gold = next(i for i, x in enumerate(cands) if t[x.start : x.end].startswith("公开") and x.end == c.metric_span[1])
        examples.append(Example(cands, gold))
    weights = fit(examples, epochs=20, l2=1e-4)
    unseen = "今年公开审计报告5件。"
    rules = find_claims(unseen)
    assert rules[0].metric == "审计报告"
    changed = MetricRanker(weights, RankerSettings(min_margin=0.0)).apply(unseen, rules)
    assert changed[0].metric == "公开审计报告" and changed[0].source == "model"
    assert changed[0].text == "公开审计报告5件"
    kept = MetricRanker(weights, replace(RankerSettings(), min_margin=1.0)).apply(unseen, rules)
    assert kept[0] == rules[0]
