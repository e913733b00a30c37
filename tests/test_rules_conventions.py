"""The rule-based claim finder follows the METRIC conventions of annotations/NOTES.md §5, §10 and §11
(verb kept only before a generic object, adverbs/agency/place words stripped, noun compounds kept
whole, channels only when they tell figures apart, 分别/均为/各 and from-to constructions skipped).
All sentences are invented."""

from __future__ import annotations

import pytest

from service.claims.rules import find_claims


def metrics(text: str) -> list[tuple[str, float]]:
    return [(c.metric, c.value) for c in find_claims(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # §11.1 a generic object keeps its verb (also with 各类, a counting word, a 和 between verbs)
        ("全年共受理政府信息公开申请153件。", [("受理政府信息公开申请", 153)]),
        ("主动公开各类信息2406条。", [("主动公开各类信息", 2406)]),
        ("收到依申请公开件12件。", [("收到依申请公开件", 12)]),
        ("本年度共收到和办理依申请公开9件。", [("收到和办理依申请公开", 9)]),
        # ... any other object drops it, wherever the verb stands
        ("收集意见建议120余条。", [("意见建议", 120)]),
        ("示例局归集涉企信用信息5.6万条。", [("涉企信用信息", 56000)]),
        ("通报问题23个,已全部整改到位。", [("问题", 23)]),
        ("受理各类政务服务事项3.6万件。", [("政务服务事项", 36000)]),
        # §11.2 adverbs, agency and place words are never part of a metric
        ("累计公开政府信息217条。", [("公开政府信息", 217)]),
        ("发布各类政策文件129件。", [("政策文件", 129)]),
        ("力争重要政策解读率达到80%。", [("重要政策解读率", 80)]),
        ("确保涉企检查频次下降30%。", [("涉企检查频次下降", 30)]),
        ("某区发改委共公开政务信息313条。", [("公开政务信息", 313)]),
        # §11.6 a place word before 政府 is a place word
        ("主动公开市政府规章13件。", [("政府规章", 13)]),
        # §11.3 noun compounds stay whole, also when they end in a verb-like noun or in 占比/总量
        ("组织窗口人员业务培训11场。", [("窗口人员业务培训", 11)]),
        ("联合抽查占比达到42%。", [("联合抽查占比", 42)]),
        ("县直单位评价总量为2479条。", [("县直单位评价总量", 2479)]),
        ("有效发明专利拥有量达到1126件。", [("有效发明专利拥有量", 1126)]),
        ("信息公开目录发布428条。", [("信息公开目录", 428)]),
        # items listed with 、 share the head that follows them
        ("公开人大代表建议、政协提案复文188件。", [("人大代表建议、政协提案复文", 188)]),
        # §6/§11.6 change words stay with their subject
        ("新增市场主体6800户。", [("新增市场主体", 6800)]),
        ("全程网办率81.3%,较上年提升6.2个百分点。", [("全程网办率", 81.3), ("较上年提升", 6.2)]),
        # §2 a title that is the whole metric keeps its marks
        ("编辑《示例市人民政府公报》12期。", [("《示例市人民政府公报》", 12)]),
        # a rank's metric is the ranking word without place or evaluation
        ("在全市营商环境评价中排名第一。", [("排名", 1)]),
        ("全市开放数据评估排名全省第3位。", [("开放数据评估排名", 3)]),
    ],
)
def test_metric_boundaries(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected


def test_channels_only_when_figures_differ_by_channel() -> None:
    # §11.4: two figures of one paragraph that differ only by channel keep it ...
    text = "通过县政府门户网站发布信息2535条,通过“示例政务”微信公众号发布信息209条。"
    assert metrics(text) == [("门户网站发布信息", 2535), ("微信公众号发布信息", 209)]
    # ... a single channel figure does not
    assert metrics("通过县政府门户网站发布信息2535条。") == [("发布信息", 2535)]
    # ... nor figures with different metrics
    assert metrics("门户网站发布信息96条,微信公众号推送信息200篇。") == [("发布信息", 96), ("推送信息", 200)]


@pytest.mark.parametrize(
    "text",
    [
        "办结率、满意度分别为99%、100%。",  # §5 分别
        "A、B、C便民服务中心能够办理的事项分别达到了30项、20项、10项。",
        "沟通率、办结率、满意率均为100%。",  # 均为 shared by several metrics
        "示例一中心和示例二中心各3件。",  # 各
    ],
)
def test_distributive_constructions_are_skipped(text: str) -> None:
    assert find_claims(text) == []


def test_a_single_metric_with_jun_is_a_claim() -> None:
    assert metrics("办复率均为100%。") == [("办复率", 100)]


def test_bare_share_and_second_value_of_a_change_are_not_claims() -> None:
    # §10: a bare 占X% after a count is not annotated; from-to: only the first value
    assert metrics("予以公开40件、占50%;") == [("予以公开", 40)]
    assert metrics("即办率由上年的48.5%提高至55.4%。") == [("即办率", 48.5)]
    assert metrics("信息归集单位由原来的20家增至50余家。") == [("信息归集单位", 20)]
