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


@pytest.mark.parametrize(
    "text, expected",
    [
        # §2 a number + counting word before the noun that closes the clause counts that noun
        ("今年新设6个便民服务专窗。", [("便民服务专窗", 6)]),
        ("示例委从各渠道收到5条依申请公开请求。", [("依申请公开请求", 5)]),
        # ... also a staff count before its duty verb, and 工作 inside a compound does not cut it
        ("指定一名工作人员负责具体事务。", [("工作人员", 1)]),
        ("明确一名副主任分管政务公开工作。", [("副主任", 1)]),
        ("配齐两名兼职工作人员负责日常维护。", [("兼职工作人员", 2)]),
        ("建立保密审查等五项工作制度。", [("工作制度", 5)]),
        # ... but not when the words before are a verb's object, or the noun is a generic one
        ("完成示范项目12个标段。", [("示范项目", 12)]),
        ("微信公众号推送232条信息。", [("微信公众号推送", 232)]),
        # ... and a noun followed by its total belongs to the total, not to the batches
        ("先后公布两批“示例通办”事项清单共计80项。", [("“示例通办”事项清单", 80)]),
        # a place word right before the number, prepositions in a row: the noun after it is counted
        ("对全县14个乡镇开展督查。", [("乡镇", 14)]),
        ("将分散在9个部门的事项集中办理。", [("部门", 9)]),
        # §2/§11.2 a time word inside ends the subject; manner adverbs and person subjects go
        ("门户网站全年访问量约80万人次。", [("访问量", 800000)]),
        ("全年精心组织7个部门开展宣讲。", [("部门", 7)]),
        ("区政府主要领导出席新闻发布会6人次。", [("出席新闻发布会", 6)]),
        ("线上线下参与人数1200余人。", [("参与人数", 1200)]),
        # §11.1 a subject before 反映/接受 goes with the verb before a specific object
        ("受理企业群众反映问题45个。", [("问题", 45)]),
        ("服务中心接受咨询3.2万人次。", [("咨询", 32000)]),
        ("截止2031年6月共收到7件依申请公开事项。", [("依申请公开事项", 7)]),
        # a place subject before a publishing or handling verb goes (NOTES §2)
        ("2031年,示例路街道依申请公开事项3件。", [("依申请公开事项", 3)]),
        ("我苏木依申请公开政府信息共2件。", [("依申请公开政府信息", 2)]),
        # §11.3 a rate keeps the verb inside it; §11.6 a named hotline before a noun is a channel
        ("发现问题20个,整改完成率100%。", [("问题", 20), ("整改完成率", 100)]),
        ("12345热线政务服务类诉求按时办结率达到97%。", [("政务服务类诉求按时办结率", 97)]),
        # NOTES §3 a place or body counted without a counting word is still a value
        ("目前,28个政府组成部门和12乡镇(街道)已开设专栏。", [("政府组成部门", 28), ("乡镇(街道)", 12)]),
        # 平均 and 压减至 link a metric to its value; 在线, 等级 are words, not a place or a list marker
        ("基层可办事项平均达到150项。", [("基层可办事项", 150)]),
        ("承诺办理时限平均压减至4个工作日。", [("承诺办理时限", 4)]),
        ("可全程在线办理政务服务事项980项。", [("全程在线办理政务服务事项", 980)]),
        ("取得职业技能等级证书人员2100余人。", [("取得职业技能等级证书人员", 2100)]),
    ],
)
def test_generalised_metric_classes(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected
