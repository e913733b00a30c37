"""The rule-based claim finder follows the METRIC conventions of annotations/NOTES.md §5, §10, §11 and §12
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
        # (共设 is a verb, and so are 共设立/共设置 as a whole: no 立 left on the object)
        ("街道服务体系共设立网格单元67个。", [("网格单元", 67)]),
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
        # ...but a comparison adverbial leading the change is cut (§13.1); after the subject it stays
        ("全程网办率81.3%,较上年提升6.2个百分点。", [("全程网办率", 81.3), ("提升", 6.2)]),
        ("主动公开政府信息1586条,同比增长12.4%。", [("主动公开政府信息", 1586), ("增长", 12.4)]),
        ("受理申请37件,比上年减少9件。", [("受理申请", 37), ("减少", 9)]),
        ("与上年相比增加126万元。", [("增加", 1260000)]),
        ("办结率99.2%,群众满意率较上年提高2.4个百分点。", [("办结率", 99.2), ("群众满意率较上年提高", 2.4)]),
        # a deadline with no subject before it: the metric is the verb after it (NOTES §10)
        ("印发规范性文件3件,均在印发后20个工作日内公开。", [("规范性文件", 3), ("公开", 20)]),
        ("发现问题7个,均已在5个工作日内整改完毕。", [("问题", 7), ("整改", 5)]),
        ("一般类诉求3个工作日内办结。", [("一般类诉求", 3)]),
        # verbs dropped before a specific object (§11.1) and a level word (§13 proposals)
        ("落地药品412种。", [("药品", 412)]),
        ("编印政策口袋书2万册。", [("政策口袋书", 20000)]),
        ("全年办理全国人大代表建议86件。", [("人大代表建议", 86)]),
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
        # (a verb right before the value takes the noun after it as its object: the metric, NOTES §2)
        ("微信公众号推送232条信息。", [("信息", 232)]),
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
        # (§12.2 changed this one: 全程/在线 are adverbs before the verb, and 办理 goes before a specific object)
        ("可全程在线办理政务服务事项980项。", [("政务服务事项", 980)]),
        ("取得职业技能等级证书人员2100余人。", [("取得职业技能等级证书人员", 2100)]),
    ],
)
def test_generalised_metric_classes(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # §12.1 frequency words before a noun are time words, also inside a metric after the value
        ("发布年度环境质量状况公报1期。", [("环境质量状况公报", 1)]),
        ("委托第三方对门户网站开展季度检查4次。", [("检查", 4)]),
        ("全年共组织4次政务公开季度检查通报。", [("检查通报", 4)]),
        # §12.2 adverbs before the verb are cut (the verb then goes before a specific object, §11.1)
        ("主题服务52项,平均减少跑动次数约2.4次。", [("主题服务", 52), ("减少跑动次数", 2.4)]),
        # §12.4 a period after 结转/转结 goes unless it tells figures apart; 上年结转 keeps 上年
        ("本年度结转下年度继续办理3件。", [("结转", 3)]),
        ("办结21件,另有2件结转下一年办理。", [("办结", 21), ("结转", 2)]),
        ("上年结转申请2件。", [("上年结转申请", 2)]),
        ("2030年结转政府信息公开申请7件,结转至2032年9件。", [("结转政府信息公开申请", 7), ("结转至2032年", 9)]),
        # §12.5 an unquoted channel is cut to its head noun when figures differ by channel
        ("通过政府网站公开信息118条,通过政务新媒体公开信息142条。", [("网站公开信息", 118), ("新媒体公开信息", 142)]),
        ("通过示例政务公开平台发布信息39条,通过示例规范化专题发布信息31条。", [("平台发布信息", 39), ("专题发布信息", 31)]),
        # §11.4 a paragraph whose figures differ by channel keeps the channel of each channel figure
        ("通过市政府网站公开信息210条,通过县政府门户网站发布政府信息546条,通过新闻媒体公开信息160余条。",
         [("网站公开信息", 210), ("门户网站发布政府信息", 546), ("新闻媒体公开信息", 160)]),
        # §11.4 a figure whose metric is only a channel is one more channel of the paragraph
        ("全年,网站发布信息823条、微博187条。", [("网站发布信息", 823), ("微博", 187)]),
        # §11.4 the channel word closing an `A、B等渠道` list goes
        ("通过门户网站、邮寄等途径依申请公开信息5件。", [("依申请公开信息", 5)]),
        # §11.6 level words after a verb or a value are cut like place words
        ("组织42个区级部门开展自查。", [("部门", 42)]),
        ("全面梳理区级政务服务事项1387项。", [("政务服务事项", 1387)]),
        # §11.6 a neighbour that is the bare verb: the figures differ only by the verb, which stays
        ("共受理各类政务服务事项3.6万件,办结3.5万件。", [("受理各类政务服务事项", 36000), ("办结", 35000)]),
        ("处理解决民生诉求785件,办结784件。", [("处理解决民生诉求", 785), ("办结", 784)]),
        # §11.6 change words stay with their object; 新增 before another verb goes with it
        ("节省企业开支约15万元。", [("节省企业开支", 150000)]),
        ("2031年新增公开部门整体绩效自评报告30份。", [("部门整体绩效自评报告", 30)]),
        # §11.6 a bare hotline number and the agency word 委 before a noun are dropped
        ("12315投诉举报按时办结率保持在98%以上。", [("投诉举报按时办结率", 98)]),
        ("委领导信箱留言43条。", [("领导信箱留言", 43)]),
        # §11.2/§11.3 a quantity word inside a metric ends what stands before it
        ("热线共受理群众各类诉求2844件。", [("诉求", 2844)]),
        # §2 agency words listed before a noun are not part of it
        ("共收到县人大、政协建议提案4件。", [("建议提案", 4)]),
        # §12.2 manner adverbials before the verb go, also after a subject (面对面, 多种形式, 公开)
        ("组织企业代表和居民代表面对面座谈5次。", [("座谈", 5)]),
        ("采用图文等多种形式解读9件。", [("解读", 9)]),
        ("会前向社会公开征求意见的有11个。", [("征求意见", 11)]),
        # §11.4 the channel word closing a list of channels inside a metric goes
        ("通过热线、信访等各渠道群众留言来信等900余件。", [("群众留言来信", 900)]),
        # §10 after a schedule the counted noun follows the value (place words cut, the compound kept)
        ("每半年组织1次全县业务培训。", [("业务培训", 1)]),
        # §2 a 《title》 that ends the metric stays whole; who issued it goes
        ("编辑发行2031年度《示例市卫生健康委员会公报》12期。", [("《示例市卫生健康委员会公报》", 12)]),
        ("在示例省人民政府《示例省赋予乡镇(街道)管理权限指导目录》48项的基础上。", [("《示例省赋予乡镇(街道)管理权限指导目录》", 48)]),
        # §11.3 a verb before a head like 名单/基地 is part of a noun compound
        ("公示各类补贴发放名单35批次。", [("补贴发放名单", 35)]),
        # §11.1 verbs end the noun after the first value and go before the second one's object
        ("为620名农民工追讨工资860万元。", [("农民工", 620), ("工资", 8600000)]),
        # §11.1 a result complement is no object (处理完毕); 进行 is a light verb
        ("受理工单917件,已处理完毕849件。", [("工单", 917), ("处理完毕", 849)]),
        ("全年共进行各类民意征集12件。", [("民意征集", 12)]),
        # §2 agency and place words at the start go (局机关, 管委会, 本地区), a verb with 了 ends the noun after
        # the value, and a verb keeps 了 out of the metric
        ("2031年局机关收到3件政府信息公开申请。", [("政府信息公开申请", 3)]),
        ("明确一名管委会副主任分管政务公开工作。", [("副主任", 1)]),
        ("本地区即办件比例达到80%。", [("即办件比例", 80)]),
        ("组织21个乡镇(街道)公开了3200项政务服务事项。", [("乡镇(街道)", 21), ("政务服务事项", 3200)]),
        ("通过公告栏等方式,主动公开了行政许可事项120条。", [("行政许可事项", 120)]),
        ("收到依申请公开件95件,办理完成93件。", [("收到依申请公开件", 95), ("办理完成", 93)]),
        # §9 PDF text: spaces and line wraps between a copula and the value
        ("在四个季度政务新媒体检查抽查中,合格率均\n为 100%。", [("合格率", 100)]),
    ],
)
def test_round_four_conventions(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # §2 metric after the value: the counted noun ends before 中 and before what the items did or
        # lack (§10 a qualifying condition is no part of it); an existential 有 or 所辖 before the value
        # introduces the noun after it
        ("全县58个小区中仍有部分未按季度公开。", [("小区", 58)]),
        ("年内抽查中有4个乡镇被通报。", [("乡镇", 4)]),
        ("全年检查发现6所学校未按时更新。", [("学校", 6)]),
        ("季度检查中有2个分局存在栏目长期未更新的情况。", [("分局", 2)]),
        ("全年主动公开的415条信息中,无撤回情况。", [("信息", 415)]),
        ("街道所辖九个社区的居民群同步转发。", [("社区", 9)]),
        ("高质量办理10件人大建议和28件政协提案。", [("人大建议", 10), ("政协提案", 28)]),
        # §11.3 a short noun listed with 、 right after the counted noun shares its value
        ("在全区45所中小学、幼儿园设立校务公开栏。", [("中小学、幼儿园", 45)]),
        ("全县9个乡镇、街道及周边社区纳入归集范围。", [("乡镇、街道", 9)]),
        # §3 copulas: 精简至 links the metric to its value
        ("全县政务新媒体账号精简至21个。", [("政务新媒体账号", 21)]),
        # §2/§11.2 a subject ending in an agency, sector or system word before a publishing verb goes
        # (the verb then goes before a specific object and stays before a generic one, §11.1)
        ("市级部门公开项目绩效目标1200个。", [("项目绩效目标", 1200)]),
        ("全省市场监管系统公示执法案件40件。", [("执法案件", 40)]),
        ("市、县两级预算单位公开信息1.2万余条。", [("公开信息", 12000)]),
        # ... and the beneficiary before a saving verb (the change word stays, §11.6); 较上月 leads a change (§13.1)
        ("为新办企业节约成本约50万元。", [("节约成本", 500000)]),
        ("较上月办件增加120件。", [("办件增加", 120)]),
        # 其余 is a function word: the carry-over verb after the value is the metric (§2, §12.4)
        ("已答复310件,其余12件结转下年度办理。", [("答复", 310), ("结转", 12)]),
        # §2/§10 level words listing the levels and a cause before a review go
        ("覆盖区、街道(镇)两级工作人员约300人次。", [("工作人员", 300)]),
        ("因政府信息公开申请产生行政复议2起。", [("行政复议", 2)]),
        # §11.3 a metric is cut at 的 (a short class word before it stays: 政策法规类的信息)
        ("关停整合不符合要求的网站12个。", [("网站", 12)]),
        # §11.3 lists stay whole: a first item ending a longer clause, a level word inside, 和 after a channel;
        # §11.6 全系统 is a level word
        ("通过专栏集中发布政策文件、解读和问答材料120条。", [("政策文件、解读和问答材料", 120)]),
        ("全年办理区人大代表建议、区政协委员提案共31件。", [("人大代表建议、区政协委员提案", 31)]),
        ("开展全系统网站和政务新媒体抽查3轮。", [("网站和政务新媒体抽查", 3)]),
        # §11.4 channels before 回应 go like channels before a publishing verb; a platform before a volume goes
        ("全年通过门户网站和政务新媒体回应公众关切问题40个。", [("公众关切问题", 40)]),
        ("平台日均调用量约30万次。", [("日均调用量", 300000)]),
        # §12.2 adverbs before the verb are cut (精准, 随机, 专题, 仅), and the verb before a specific object
        # (§11.1: 研究, 开发, 解读) with a level word after it (§11.6)
        ("向企业精准推送政策3万人次。", [("政策", 30000)]),
        ("全年随机抽查排污单位900家次。", [("排污单位", 900)]),
        ("局党组会专题研究政务公开工作4次。", [("政务公开工作", 4)]),
        ("全年仅发布解读5篇。", [("解读", 5)]),
        ("全年仅参加县级培训2次。", [("培训", 2)]),
        ("发布解读重要政策文件12篇。", [("重要政策文件", 12)]),
        ("开发公益性岗位300个。", [("公益性岗位", 300)]),
        # §11.3 noun compounds stay whole: 公开 before 栏/事项清单/内容, a verb before 类/时间/用时, a rate
        ("全年更新公开栏内容50余次。", [("公开栏内容", 50)]),
        ("编制公开事项清单900项。", [("公开事项清单", 900)]),
        ("全年开展公开内容自查3次。", [("公开内容自查", 3)]),
        ("发布招生考试类信息58条、学生资助类信息26条。", [("招生考试类信息", 58), ("学生资助类信息", 26)]),
        ("资金平均拨付时间压缩到5天以内。", [("资金平均拨付时间", 5)]),
        ("办结率100%,平均回复用时不超过4个工作日。", [("办结率", 100), ("平均回复用时", 4)]),
        ("推动栏目更新及时率达到98%以上。", [("栏目更新及时率", 98)]),
        # §10/§11.5 a share written with the verb 占 is no claim; a ratio noun after 占 is a metric
        ("分值占5%。", []),
        ("从申请人类型看,自然人申请占70.5%。", []),
        ("全县技能人才占从业人员比重不足30%。", [("从业人员比重", 30)]),
        # §7 an amount with 以上 right before the noun it sizes is a threshold, no claim
        ("并对2000万元以上政府投资项目的招投标信息实行全过程公开。", []),
        # §5 各 before a short appointing verb is skipped like A各3件
        ("各社区各确定一名联络员。", []),
        # §10 a time limit counted from an event is the limit of the action after it
        ("项目信息均在形成之日起5个工作日内公开。", [("公开", 5)]),
        # §11.4 a manner word between channel and verb stays with them when figures differ by channel
        ("依托门户网站组织发布信息347条,微博发布信息46条。", [("门户网站组织发布信息", 347), ("微博发布信息", 46)]),
        # §11.4 channel figures of one paragraph differ by channel even when one says 政府信息, the other 信息
        ("通过区政府门户网站公开政府信息1.2万条;通过政务新媒体公开信息2万余条。",
         [("门户网站公开政府信息", 12000), ("新媒体公开信息", 20000)]),
    ],
)
def test_round_six_generalised_classes(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # §13.1 a comparison with the legal time limit leads the change and is cut, like 较上年
        ("平均办理时间8个工作日,比法定期限提前12个工作日。", [("平均办理时间", 8), ("提前", 12)]),
        ("平均用时6.5个工作日,较法定时限平均提前约13个工作日。", [("平均用时", 6.5), ("提前", 13)]),
        # §3 为 closing 行为 is no copula; 予以 before the verb done to the counted items ends the noun after the value
        ("其中维持原具体行政行为2件、纠正1件。", [("维持原具体行政行为", 2), ("纠正", 1)]),
        ("对不再适用的6件规范性文件予以废止。", [("规范性文件", 6)]),
        # §12.2 adverbs before the verb are cut (现场, 同步), then the verb before a specific object (§11.1);
        # 同步发布率 is one rate (§11.3)
        ("现场回答记者提问30余个。", [("记者提问", 30)]),
        ("制发规范性文件4件,同步发布解读材料4篇。", [("规范性文件", 4), ("解读材料", 4)]),
        ("解读材料与政策文件同步发布率100%。", [("解读材料与政策文件同步发布率", 100)]),
        # §2 the action or body before a review or suit and its outcome goes
        ("被提起行政诉讼3件,法院判决驳回诉讼请求2件,原告撤诉1件。",
         [("行政诉讼", 3), ("驳回诉讼请求", 2), ("撤诉", 1)]),
        ("引起行政复议4件,复议机关作出维持决定3件。", [("行政复议", 4), ("维持决定", 3)]),
        # §11.3 培训班 is a noun, not the verb 培训; a sector before its 政务公开 work goes (§2)
        ("举办全市政务公开培训班四期。", [("政务公开培训班", 4)]),
        ("组织全省税务系统政务公开培训5场。", [("政务公开培训", 5)]),
        # ...and a neighbouring bare 培训 counts trainees, so it keeps no verb in the sessions' metric
        ("组织干部开展政务公开培训6期,培训410余人次。", [("政务公开培训", 6), ("培训", 410)]),
        # §11.6 a place word before 政府 goes, 政府新闻发布会 stays; a 新闻办 is an agency (§2)
        ("召开市政府新闻发布会17场。", [("政府新闻发布会", 17)]),
        ("区政府新闻办组织新闻发布会9场。", [("新闻发布会", 9)]),
        # §6 the verbs 位列/位居 rank a subject written before them, which goes; a 位次 change is a value
        ("在全市政府网站绩效评估中,我县网站位列全市第2名。", [("位列", 2)]),
        ("较上年提升5个位次。", [("提升", 5)]),
        # §11.1 verbs joined by 或/和 are one outcome and stay whole
        ("清理规范性文件40件,其中继续有效12件,废止或失效28件。",
         [("规范性文件", 40), ("继续有效", 12), ("废止或失效", 28)]),
        # §11.2 connectives and modal adverbs go (加上, 需)
        ("加上上年结转3件,共计需办理96件。", [("上年结转", 3), ("办理", 96)]),
        # §11.4 a social account before its followers goes; 各级 is a level word (§11.6)
        ("微信公众号关注人数突破28万人。", [("关注人数", 280000)]),
        ("培训各级政务公开工作人员260余人次。", [("政务公开工作人员", 260)]),
        # §11.1 more verbs before a specific object (下达, 追回, 出台); 资助资金 is one noun (§11.3)
        ("全年下达补助资金2.4亿元。", [("补助资金", 240000000)]),
        ("追回医保基金3.1亿元。", [("医保基金", 310000000)]),
        ("发放各类资助资金1500万元。", [("资助资金", 15000000)]),
        # §2 metric after the value ends before a postposition 中; the next metric starts after it
        ("31篇解读中纯文字解读14篇。", [("解读", 31), ("纯文字解读", 14)]),
        # §2 a mailbox before a receiving verb is its subject and goes
        ("市长信箱收到群众来信520件。", [("群众来信", 520)]),
        # §12.2 the manner adverbials of an application's handling go (经…批准, 经书面, 按规定)
        ("因需征求第三方意见,经局负责人批准延长答复期限的4件。", [("延长答复期限", 4)]),
        ("申请内容不明确、经书面告知补正的3件。", [("告知补正", 3)]),
        # lexicon gaps: 接近 is an approximation mark (§3, `~`), 降到 a copula, a level word before a quoted name goes (§11.6)
        ("征收类申请占比接近六成。", [("征收类申请占比", 6)]),
        ("力争“无法提供”比例降到20%以内。", [("“无法提供”比例", 20)]),
        ("区级“三公”经费预算合计980万元。", [("“三公”经费预算", 9800000)]),
        # §5 各 before a publishing verb is skipped like A各3件
        ("区级部门预算、决算各公开58个。", []),
    ],
)
def test_round_seven_generalised_classes(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # §11.6, §12 (adjudicated): 取消/废止/撤销 are change words and stay with their object; an adverb
        # before them goes (§12.2); a neighbour differing only by its verb then keeps its verb too
        ("梳理出继续有效规范性文件25件,废止规范性文件4件。", [("继续有效规范性文件", 25), ("废止规范性文件", 4)]),
        ("示例区直接取消审批事项5项。", [("取消审批事项", 5)]),
        ("全年制发行政规范性文件2件,废止行政规范性文件1件。", [("制发行政规范性文件", 2), ("废止行政规范性文件", 1)]),
        # §2, §11.2: the topic closing an `A、B等X` list before a publishing verb is no part of the metric
        ("围绕户籍制度改革、出入境便利化等事项发布政策解读27篇。", [("政策解读", 27)]),
        # §11.4, §12.5: channel figures with a bare publishing verb (no object written) differ only by channel
        # even when the verbs differ; each keeps its channel, cut to its head noun, and the verb
        ("其中通过县政府网站公开287条,微信公众号发布434条。", [("网站公开", 287), ("微信公众号发布", 434)]),
        # ...while a single such figure keeps the bare verb
        ("“示例局”微信公众号发布1135条,关注人数达1.8万人。", [("发布", 1135), ("关注人数", 18000)]),
        # §2 metric after the value ends before a postposition 中, also after a name in parentheses
        ("在全区13个街道(镇)中排名第3。", [("街道(镇)", 13), ("排名", 3)]),
        # §2: a figure in parentheses right after its noun counts that noun
        ("1.住房保障类(793件,占比17.36%)。", [("住房保障类", 793), ("占比", 17.36)]),
        # §6, §13.1: the base a change is measured against is no claim; the change is
        ("全年新收政府信息公开申请63件,较上年的41件增加22件。", [("新收政府信息公开申请", 63), ("增加", 22)]),
        # §10: a bare number closing its clause after 信息 is a value as printed
        ("门户网站发布信息3470条,微信公众号发布信息41,微博发布信息46条。",
         [("门户网站发布信息", 3470), ("微信公众号发布信息", 41), ("微博发布信息", 46)]),
        # §12.2, §14: a count followed by what is still going on is counted by that state (progressive 在 goes)
        ("结果维持5件,1件尚在审理中。", [("结果维持", 5), ("审理中", 1)]),
        # §10: a streak that only qualifies whom a measure targets is no claim
        ("每季度通报更新情况,对连续两次排名靠后的单位进行约谈。", []),
        # §2, §11.2: a preposition opening the metric is no part of it
        ("2022年将把留言回复时限压缩至2个工作日以内。", [("留言回复时限", 2)]),
        ("发布关于“三新食品”公告5件。", [("“三新食品”公告", 5)]),
        # §6, §13.1: 多/少 after a comparison are the change's METRIC, one character though they are
        ("召开新闻发布会23场,比上年多9场。", [("新闻发布会", 23), ("多", 9)]),
        # §11.1 the verb alone: a manner before a verb with no object stays with it
        ("受理网民留言60条,公开答复28条,电话答复15条。", [("网民留言", 60), ("公开答复", 28), ("电话答复", 15)]),
        # §2 agency and place words listed before the noun are no items of it (乡镇、部门 like 人大、政协)
        ("关停乡镇、部门网站21个。", [("网站", 21)]),
        ("培训各部门、街道(镇)工作人员520人次。", [("工作人员", 520)]),
        # §11.4, §12.5: a notice board (公开栏) is a channel like a website, cut to its head noun
        ("其中,政务信息公开栏公开政务信息197条,电子网站公开政务信息62条。",
         [("公开栏公开政务信息", 197), ("网站公开政务信息", 62)]),
        # §2 metric after the value: the counted noun ends at its head (机构, 中心, 学校, 分局…), not at the verb
        ("公开全市2146家定点医药机构名单。", [("定点医药机构", 2146)]),
        ("在18个乡镇中心校设立政务公开专区。", [("乡镇中心校", 18)]),
        # §2: a long metric is never cut inside a quoted name
        ("组织“环保设施向公众开放”活动三次。", [("“环保设施向公众开放”活动", 3)]),
        # §2, §11.6: a place name before a quoted name goes
        ("受理示例省“12345”政务服务热线98件。", [("“12345”政务服务热线", 98)]),
        # §1, §11.4: a PDF line wrap inside the channel does not keep the channel in the metric
        ("主要通过政府门户网站主动公开各类政府信息。2024 年,我区在政\n府网站平台主动发布各类政府信息 2428 条。",
         [("主动发布各类政府信息", 2428)]),
        # §11.4: `在…上` and an account name in parentheses belong to the channel
        ("在示例网等网站公开信息90余条,处理留言0条;在微信公众号(示例镇)上公开信息120余条。",
         [("网站公开信息", 90), ("留言", 0), ("微信公众号(示例镇)上公开信息", 120)]),
        ("通过政府网站公开信息118条;通过报刊、电视等传统公开载体公开信息320条。",
         [("网站公开信息", 118), ("载体公开信息", 320)]),
        ("公开重大战略部署、重点领域等方面信息7965条。", [("信息", 7965)]),
        ("承办新能源政策、物业类等内容人民网留言10条。", [("人民网留言", 10)]),
    ],
)
def test_round_eight_generalised_classes(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # §11.1: verbs of display and distribution drop before a specific object; a noun compound after them
        # (公开资料汇编, 整改通知书) keeps its verb-like head
        ("在便民服务大厅摆放宣传资料1200余份。", [("宣传资料", 1200)]),
        ("张贴宣传海报2万余张。", [("宣传海报", 20000)]),
        ("在大厅摆放公开资料汇编3套。", [("公开资料汇编", 3)]),
        ("下发整改通知书11份。", [("整改通知书", 11)]),
        # §3, §7: 一次 inside a rate's name (一次解答率) is no value; the rate is a claim
        ("全年接听来电2.6万个,一次解答率96.5%。", [("来电", 26000), ("一次解答率", 96.5)]),
        # §10: a schedule closing its clause is no claim; a planned count with its noun is
        ("每季度至少更新一次。", []),
        ("每季度更新不少于一次。", []),
        ("每个社区每月至少更新1次。", []),
        ("每季度至少开展一次业务学习。", [("业务学习", 1)]),
        # §11.1, §12.1: with no noun after the value, the metric before 的 is cleaned like any left metric
        ("全年筹集保障性租赁住房6120套,完成年度目标任务的102%。", [("保障性租赁住房", 6120), ("目标任务", 102)]),
        # §6, §13.1: a change word alone before its value stays the METRIC when a noun follows the value
        ("排名第3,较上年提升5个名次。", [("排名", 3), ("提升", 5)]),
        # §2 metric after the value: the counted noun ends before 共设, the adverbs 仍/尚 and a sum word 合计
        ("辖区9个社区、1个社区共设公开栏28块。", [("社区", 9), ("社区", 1), ("公开栏", 28)]),
        ("抽查发现约三成解读材料仍是原文摘录。", [("解读材料", 3)]),
        ("约三成档案尚未扫描。", [("档案", 3)]),
        # §2 connecting verbs: 属于 goes; 不属于本机关公开职责 is an outcome and stays whole
        ("不予公开9件,其中属于危及“三安全一稳定”的4件。", [("不予公开", 9), ("危及“三安全一稳定”", 4)]),
        ("予以公开5件,不属于本机关公开职责1件。", [("予以公开", 5), ("不属于本机关公开职责", 1)]),
        # §10 period words fused into a volume: 日均, 户均 are metrics (均 is no adverb there)
        ("受理群众诉求118.7万件,日均约3250件。", [("群众诉求", 1187000), ("日均", 3250)]),
        ("下达补助资金1029.6万元,户均约2.5万元。", [("补助资金", 10296000), ("户均", 25000)]),
        # §10: categories summed up (三类, 四类) are an enumeration, no value; the summing words go
        ("申请内容集中在征地拆迁、房屋安置、规划许可三类,合计占比约58%。", [("占比", 58)]),
        ("涉及建档立卡贫困户等四类重点对象412户。", [("重点对象", 412)]),
        # §2, §11.6: 本级 and a level before a quoted name are level words
        ("县政府本级重大行政决策事项9项全部公开征求意见。", [("重大行政决策事项", 9)]),
        ("2019年乡本级“三公”经费支出8.2万元。", [("“三公”经费支出", 82000)]),
        ("镇“三公”经费支出4.2万元。", [("“三公”经费支出", 42000)]),
        # §2: a quoted name before the value is the METRIC (“一件事一次办”120项), also with a noun after the value;
        # a quoted name closing the noun after the value is part of it
        ("“一件事一次办”210项事项在申请时均可智能导办。", [("“一件事一次办”", 210)]),
        ("全区已实现53项政务服务“指尖办”。", [("政务服务“指尖办”", 53)]),
        # §2: the subject before a modal 应 goes (§2's own 应进驻单位 keeps 应)
        ("进驻单位应进驻事项1059项,实际进驻1059项。", [("应进驻事项", 1059), ("实际进驻", 1059)]),
        # §11.3: 工作 closing the noun after the value is its head; a verb before another verb is one activity
        ("推进3轮督促整改工作。", [("督促整改工作", 3)]),
        ("开展6轮行政权力事项清单动态调整工作。", [("行政权力事项清单动态调整工作", 6)]),
        ("全年组织4次政府信息公开栏目全覆盖检查。", [("政府信息公开栏目全覆盖检查", 4)]),
        # §2 metric after the value: a count of areas or aspects counts them, whatever stands before
        ("公开供电、供水、供气等8个领域公共企事业单位信息。", [("领域", 8)]),
        ("将全年工作细化为7个方面28项重点任务。", [("方面", 7), ("重点任务", 28)]),
        ("涵盖城乡规划、社会救助等19个领域共86项公开事项。", [("领域", 19), ("公开事项", 86)]),
        # §2 metric after the value: a count right after a 、 list sums it up; the noun after it is counted
        ("“示例公安”微信公众号、微博、抖音号三个平台合计发布4.6万余条。", [("平台", 3), ("发布", 46000)]),
        # §6, §14: 位居 is a rank word like 位列
        ("在年度政务公开考核中位居市直部门第4名。", [("位居", 4)]),
        # §2: what the counted people did after the value ends the noun after it (走进…), so the people are the metric
        ("邀请居民代表、人大代表30名走进街道便民服务中心。", [("居民代表、人大代表", 30)]),
        # §12.2: a manner adverbial before the verb goes (张榜公示 → 公示)
        ("补贴名单在各村务公开栏张榜公示不少于7天。", [("公示", 7)]),
        # §2: the preposition 对 ends a noun after the value, 对象 inside it does not
        ("抽查的120个页面中有17个缺少分配对象或房源信息。", [("页面", 120), ("缺少分配对象或房源信息", 17)]),
        # §7: a number of quarters is a period, no claim (in figures as in words)
        ("政务公开栏已连续3个季度按时更新。", []),
        # §3: a measurement unit of environment reports is a unit
        ("全年PM2.5平均浓度38微克/立方米。", [("PM2.5平均浓度", 38)]),
        # §11.3: 主要 before 负责同志/领导 is part of the noun (the main leader), not the adverb "mainly"
        ("发布政策解读52篇,其中主要负责同志解读6篇。", [("政策解读", 52), ("主要负责同志解读", 6)]),
        # §3 fixed expressions: 二次供水 is a term, no count
        ("其中二次供水设施改造小区64个。", [("二次供水设施改造小区", 64)]),
        # §6, §13.1: last year's figure given in parentheses is the base of a comparison, no claim
        ("全年发布信息共计658条(上年512条)。", [("发布信息", 658)]),
        # §2: a scope closed by the postposition 中 is no part of the metric after it
        ("建设项目环境影响评价信息中项目受理公示30条。", [("项目受理公示", 30)]),
        ("办结的申请中予以公开31件。", [("予以公开", 31)]),
        # (simplified lexicon, same readings) §12.2: 公开 before 发布 is an adverb; a cause before 无法提供 goes
        ("依法公开发布信息20条。", [("发布信息", 20)]),
        ("予以公开1件,因所申请信息不存在而无法提供3件。", [("予以公开", 1), ("无法提供", 3)]),
    ],
)
def test_round_nine_generalised_classes(text: str, expected: list[tuple[str, float]]) -> None:
    assert metrics(text) == expected
