"""Metadata: agency, year covered, publish date, from what the text prints. Never invented: an agency
that is not printed in a title-like position stays null (a wrong agency is worse than none)."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional, Sequence

from service.config import load_config
from service.record import Metadata, Section

# 青禾市XX局2023年(度)政府信息公开工作年度报告 / 2023年青禾市XX局政府信息公开… / a title without a year;
# the keywords may be letter-spaced (PDF titles: 年 度 报 告); the agency is one whitespace-free token
_YEAR = r"(?P<year>2\s*0\s*\d\s*\d)\s*年\s*(?:度\s*)?"
_SUBJECT = r"(?:政\s*府\s*信\s*息\s*公\s*开|政\s*务\s*公\s*开)\s*(?:工\s*作\s*)?"
_TITLE = re.compile(
    rf"(?P<agency>[^\s\d,，。:：]{{0,40}}?)\s*(?:{_YEAR}(?P<agency2>[^\s\d,，。:：]{{0,40}}?)\s*)?{_SUBJECT}年\s*度\s*报\s*告"
    # …年度报告（2023年度）: the year in brackets after the title
    r"(?:\s*[（(]\s*(?P<year_after>2\s*0\s*\d\s*\d)\s*年\s*(?:度\s*)?[)）])?"
)
# XX县人民政府办公室关于2022年度政府信息公开工作情况的报告
_TITLE_ABOUT = re.compile(
    rf"(?P<agency>[^\s\d,，。:：]{{2,40}}?)\s*关于\s*{_YEAR}{_SUBJECT}(?:情\s*况\s*)?(?:的\s*)?(?:年\s*度\s*)?报\s*告"
)
# a title that ends in 工作报告 with the year before the subject: 青禾市公安局2024年度政府信息公开工作报告 (read only as
# a line of its own, so that a citation in a sentence is not taken for it)
_TITLE_WORK = re.compile(
    rf"(?P<agency>[^\s\d,，。:：《》“”]{{0,40}}?)\s*{_YEAR}(?P<agency2>[^\s\d,，。:：《》“”]{{0,40}}?)\s*{_SUBJECT}报\s*告\s*[|｜]?\s*$"
)
# what follows a cited notice's title, not a report's: …年度报告格式》, …年度报告有关事项的通知 (国办公开办函〔2019〕60号)
_CITATION_TAIL = re.compile(r"\s*(?:格\s*式|有\s*关\s*事\s*项|编\s*制|发\s*布\s*工\s*作|工\s*作\s*的\s*通\s*知)")
# the agency named only in the opening sentence: 本报告由青禾市交通运输局根据《条例》…编制
_COMPILED_BY = re.compile(
    r"本(?:年度)?报告(?:是)?由(?P<agency>[^\s，。,；;：:、（(《“]{2,40}?)(?=根据|依据|按照|依照|参照|遵照|结合|负责|编制|制作|起草)"
)
# ...or as the subject of the overview's first sentence: 2024年，青禾县自然资源局认真落实… (not 市公安局, 我局: a short or
# relative name is no body's name)
_OPENING = re.compile(
    r"(?:^|\n)\s*20\d{2}\s*年(?:度)?\s*[,，]\s*(?P<agency>[^\s，。,；;：:、（(《“]{4,30}?)"
    r"(?=认真|深入|坚持|严格|紧紧|紧扣|全面|持续|积极|围绕|高度|始终|扎实|按照|以习近平)"
)
_NOT_A_NAME_START = ("我", "本", "该", "此", "全", "各", "市", "县", "区", "省", "镇", "乡", "局", "委")
# a year written digit by digit in Chinese numerals (二〇二三年); translated one char per char, length kept
_CN_YEAR = re.compile(r"二[〇○零OΟ][〇○零OΟ一二三四五六七八九]{2}(?=\s*年)")
_PERIOD = re.compile(r"统计(?:期限|时限|时间|期间)?(?:为|自|是|从)?\s*(20\d{2})\s*年\s*1\s*月\s*1\s*日")
_PUBLISH_DATE = r"\s*[:：]?\s*(?:\|\s*)?(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
# a page's publication date first; the date the document was signed (成文日期) only when no publication
# date is printed (信息索引 boxes of 政府信息公开专栏 pages print both, 成文日期 first)
_PUBLISH = re.compile(r"(?:发布时间|发布日期|公开日期)" + _PUBLISH_DATE)
_WRITTEN = re.compile(r"(?:成文日期|发文日期)" + _PUBLISH_DATE)
_DATE_LINE = re.compile(r"^\s*(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$", re.M)
# a signature flattened onto one line by a crawler: 青禾市审计局 2024年1月31日
_SIGNED_DATE_LINE = re.compile(
    r"^\s*(?P<who>\S{2,40}?)[ \t\u3000]+(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$", re.M
)
# a signature date in Chinese numerals (二〇二一年一月二十二日), usual under formal documents
_CN_DATE_LINE = re.compile(
    r"^\s*([〇○零OΟ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*$", re.M
)
# a date on a line of its own at the head of the report, under (or over) its title: `2024年1月15日`, `（2024年1月15日）`,
# a crawled page's `2024-01-15 10:12` or `日期：2024-01-15  来源：…  浏览次数：…`, `（二〇二四年一月十五日）`
_HEAD_DATE_LINE = re.compile(
    r"^\s*(?:(?:日期|时间)\s*[:：]\s*)?[（(]?\s*"
    r"(20\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"\s*[)）]?\s*(?:(?:来源|信息来源|作者|浏览|点击|阅读|访问|字号)\S*\s*[:：][^\n]*)?$", re.M)
_HEAD_CN_DATE_LINE = re.compile(
    r"^\s*[（(]?\s*([〇○零OΟ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*[)）]?\s*$", re.M)
_HEAD_LINES = 8  # the head: the report's first lines (title, its date, a crawled page's info lines), before part 一
_CN_DIGITS = str.maketrans("〇○零OΟ一二三四五六七八九", "00000123456789")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})\s*年")
_LABEL_PREFIX = re.compile(r"^(?:标题|题目|名称)\s*[:：]\s*")


# a body with a second name in brackets (青禾市人民政府办公室（青禾市大数据局）): both parts must be names
_SECOND_NAME = re.compile(r"^(?P<first>[^（()）]+)[（(](?P<second>[^（()）]+)[)）]$")
# a site's bracketed column label before the title: 【青禾县农业农村局】2023年… / 〔青禾县卫生健康局〕
_WRAPPED = re.compile(r"^[【〔\[［](?P<inner>[^】〕\]］]+)[】〕\]］]$")


def _agency_ok(name: str) -> bool:
    suffixes = tuple(load_config("metadata.yaml")["agency_suffixes"])
    # one token: a line like `首页 > 政务公开` or `来源：XX局` is no name
    if not 2 <= len(name) <= 40 or re.search(r"[\d\s>|:：/<\"“”《》【】〔〕]|关于", name):
        return False
    two = _SECOND_NAME.match(name)
    if two:
        return two.group("first").endswith(suffixes) and two.group("second").endswith(suffixes)
    return name.endswith(suffixes)


def _clean_agency(cand: str) -> str:
    """The report's own title named in a forwarding notice (XX县人民政府办公室关于印发[《]XX县人民政府2023年…
    年度报告[》]的通知): the name after 印发/转发 or inside the quote; XX局关于2023年度…: the name before 关于;
    a bracketed prefix loses its brackets."""
    cand = re.split(r"[《“]|(?:关于)?(?:印发|转发)", cand)[-1]
    cand = re.sub(r"关于$", "", cand)
    m = _WRAPPED.match(cand)
    return m.group("inner") if m else cand


def _iso(y: str, m: str, d: str) -> Optional[str]:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _cn_date(y: str, m: str, d: str) -> tuple[str, str, str]:
    """二〇二一, 一, 二十二 -> '2021', '1', '22' (the year is read digit by digit, month and day by cn2an)."""
    import cn2an

    try:
        return y.translate(_CN_DIGITS), str(cn2an.cn2an(m, "smart")), str(cn2an.cn2an(d, "smart"))
    except ValueError:  # 十十月: not a date; _iso turns month 0 into None
        return y.translate(_CN_DIGITS), "0", "0"


def _arabic_years(text: str) -> str:
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), text)


def title_year(text: str) -> Optional[int]:
    """The year a report covers, as its title near the top of `text` prints it, or None (for readers of other parts
    of the document, e.g. which of two printed copies of a table is this year's)."""
    return _title_agency_year(_arabic_years(text[:3000]))[1] if text else None


def _title_match(line: str) -> Optional[re.Match]:
    if "报" not in line:  # the titles end in 报告; without it the (slow, unanchored) searches cannot match
        return None
    for pattern in (_TITLE, _TITLE_ABOUT):
        pos = 0
        while (m := pattern.search(line, pos)) is not None:
            if not _CITATION_TAIL.match(line, m.end()):
                return m
            pos = m.end()  # a cited notice (…年度报告有关事项的通知): a title may still follow on the line
    return _TITLE_WORK.match(line)


def _title_agency_year(head: str) -> tuple[Optional[str], Optional[int]]:
    """Agency and year from the title: the first title-like line among the first 40 (a title broken over
    two lines is read joined); an empty agency before the year is taken from the line before."""
    lines = [_LABEL_PREFIX.sub("", x.strip()) for x in head.split("\n")[:40]]
    lines = [x for x in lines if x]
    agency: Optional[str] = None
    own: dict[int, Optional[re.Match]] = {}  # each line's own match, searched once (also looked at from the line before)

    def title_at(i: int) -> Optional[re.Match]:
        if i not in own:
            own[i] = _title_match(lines[i])
        return own[i]

    for i, line in enumerate(lines):
        m = title_at(i)
        if not m and i + 1 < len(lines) and not title_at(i + 1):
            m = _title_match(line + lines[i + 1])
        if not m:
            continue
        groups = m.groupdict()
        name = "agency" if groups.get("agency") else "agency2"
        cand = _clean_agency(groups.get(name) or "")
        if name == "agency" and groups.get("agency2") and not _agency_ok(cand):
            name, cand = "agency2", _clean_agency(groups["agency2"])  # 特向社会公布2025年度青禾市民政局政府信息…: after the year
        if cand.endswith("人民") and m.string[m.end(name):].lstrip().startswith("政"):
            cand += "政府"  # 青禾市人民政府信息公开工作年度报告: 政府 serves the agency and the subject
        if not cand and (groups.get("year") or groups.get("year_after")) and i > 0:
            # the agency on the line before the title (永州市冷水滩区行政审批服务局 / 2020年…年度报告)
            cand = lines[i - 1]
        if agency is None and cand and _agency_ok(cand):
            agency = cand
        printed_year = groups.get("year") or groups.get("year_after")
        if printed_year:
            return agency, int(re.sub(r"\s", "", printed_year))
        # a title without a year (青禾市民政局政府信息公开工作年度报告): keep looking for a year in a later title line
    return agency, None


def _furniture_agency(lines: Sequence[str]) -> Optional[str]:
    """The one body named by the page header/footer lines: a line that is a name, or a title naming one."""
    names = set()
    for line in lines:
        line = re.sub(r"\s+", "", _arabic_years(line))
        if _agency_ok(line):
            names.add(line)
            continue
        title_agency, _year = _title_agency_year(line)
        if title_agency is not None:
            names.add(title_agency)
    return names.pop() if len(names) == 1 else None


# the notice that fixed each template, as a report cites it: 国办公开办函〔2019〕60号 / 〔2021〕30号
_TEMPLATE_NOTICE = re.compile(r"国办公开办函\s*[〔\[(（【]\s*(2019|2021)\s*[〕\])）】]\s*(?:60|30)\s*号")


def template_from_text(text: str, year: Optional[int]) -> tuple[Optional[str], Optional[str]]:
    """(template, warning) for a report whose tables do not tell the template (only the review/litigation table,
    the same in both, or an applications table without its （六）其他处理 rows): the template notice the text cites (one of the two), else the report's year
    (record.md: the 2019 template is that of the reports for 2019 and 2020, the 2021 one of later years), else
    null."""
    why = ("no table found tells the template (no active-disclosure table, no （六）其他处理 rows; the review/litigation "
           "table is the same in both)")
    cited = {m.group(1) for m in _TEMPLATE_NOTICE.finditer(text)}
    if len(cited) == 1:
        tpl = cited.pop()
        return tpl, f"template: {why}; \"{tpl}\" taken from the template notice the report cites"
    if year is not None and 2019 <= year:
        tpl = "2019" if year <= 2020 else "2021"
        return tpl, f"template: {why}; \"{tpl}\" taken from the report's year {year}"
    return None, f"template: {why}, and neither a cited template notice nor the year tells which; left null"


def _head_date(printed: str, sections: list[Section]) -> Optional[str]:
    """The date printed on a line of its own among the report's first lines, before its first part (under the title of
    a Word report, a crawled page's date line without a label); None when there is none."""
    end = sections[0].start if sections else len(printed)
    for line in [x for x in printed[:end].split("\n") if x.strip()][:_HEAD_LINES]:
        m = _HEAD_DATE_LINE.match(line)
        if m:
            y, m1, d1, m2, d2 = m.groups()
            return _iso(y, m1 or m2, d1 or d2)
        m = _HEAD_CN_DATE_LINE.match(line)
        if m:
            return _iso(*_cn_date(*m.groups()))
    return None


def extract_metadata(text: str, sections: list[Section], template: Optional[str],
                     page_furniture: Sequence[str] = (), template_undecided: bool = False) -> tuple[Metadata, list[str]]:
    """`page_furniture`: the lines of the page headers/footers (DOCX), normalised, no part of `text`: an agency
    no title line names is read from them when one line there is a body's name (or a report title naming one)
    and no other line names another body; a publish date only when labelled (发布日期：…). `template_undecided`:
    tables were found but none tells the template (`template_from_text` decides)."""
    warnings: list[str] = []
    printed = text
    text = _arabic_years(text)
    head = text[: min(len(text), 3000)]
    agency, year = _title_agency_year(head)
    if agency is None:
        m = _COMPILED_BY.search(head)
        if m and _agency_ok(m.group("agency")) and not m.group("agency").startswith(("我", "本", "该", "此")):
            agency = m.group("agency")
    if year is None:
        m = _PERIOD.search(text)
        if m:
            year = int(m.group(1))
    if year is None:
        ov = next((s for s in sections if s.key == "overview"), None)
        scope = text[ov.start:ov.end] if ov else head
        m = _YEAR_IN_TEXT.search(scope)
        if m:
            year = int(m.group(1))
            warnings.append(f"year: no title or statistics period printed; {year} taken from the first year named in the text")
    if agency is None:
        m = _OPENING.search(head)
        if m and _agency_ok(m.group("agency")) and not m.group("agency").startswith(_NOT_A_NAME_START):
            agency = m.group("agency")
            warnings.append(f"agency: no title line names the issuing body; {agency} read from the opening sentence")
    if agency is None and page_furniture:
        agency = _furniture_agency(page_furniture)
        if agency is not None:
            warnings.append(f"agency: no title line names the issuing body; {agency} read from the page header/footer")
    if agency is None:
        warnings.append("agency: no title line naming the issuing body; left null rather than guessed")
    publish = None
    furniture = "\n".join(page_furniture)
    m = _PUBLISH.search(text) or _WRITTEN.search(text) or _PUBLISH.search(furniture)
    if m:
        publish = _iso(*m.groups())
    elif (head_date := _head_date(printed, sections)) is not None:
        publish = head_date
    else:
        # the signature: in the last 400 characters, or anywhere after the last part's heading (a crawled
        # page's footer — links, 主办/ICP lines — can push it further from the end); as printed, for _CN_DATE_LINE
        tail_from = len(printed) - 400
        if sections:
            tail_from = min(tail_from, max(sections[-1].start, len(printed) - 3000))
        tail = printed[max(0, tail_from):]
        dates = [(d.start(), d.groups()) for d in _DATE_LINE.finditer(tail)]
        dates += [(d.start(), _cn_date(*d.groups())) for d in _CN_DATE_LINE.finditer(tail)]
        dates += [(d.start(), d.groups()[1:]) for d in _SIGNED_DATE_LINE.finditer(tail) if _agency_ok(d.group("who"))]
        if dates:
            publish = _iso(*max(dates)[1])
    if template is None and template_undecided:
        template, why = template_from_text(text, year)
        warnings.append(why)
    return Metadata(agency=agency, year=year, publish_date=publish, template=template), warnings
