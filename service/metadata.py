"""Metadata: agency, year covered, publish date, from what the text prints. Never invented: an agency
that is not printed in a title-like position stays null (a wrong agency is worse than none)."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from service.config import load_config
from service.record import Metadata, Section

_TITLE = re.compile(
    r"(?P<agency>[^\s\n,，。:：]{0,40}?)\s*(?P<year>20\d{2})\s*年\s*(?:度\s*)?(?:政府信息公开|政务公开)\s*(?:工\s*作\s*)?年\s*度\s*报\s*告"
)
_PERIOD = re.compile(r"统计(?:期限|时限|时间|期间)?(?:为|自|是|从)?\s*(20\d{2})\s*年\s*1\s*月\s*1\s*日")
_PUBLISH = re.compile(r"(?:发布时间|发布日期|成文日期|公开日期|发文日期)\s*[:：]?\s*(?:\|\s*)?(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_DATE_LINE = re.compile(r"^\s*(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$", re.M)
# a signature date in Chinese numerals (二〇二一年一月二十二日), usual under formal documents
_CN_DATE_LINE = re.compile(
    r"^\s*([〇○零OΟ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*$", re.M
)
_CN_DIGITS = str.maketrans("〇○零OΟ一二三四五六七八九", "00000123456789")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})\s*年")
_LABEL_PREFIX = re.compile(r"^(?:标题|题目|名称)\s*[:：]\s*")


def _agency_ok(name: str) -> bool:
    suffixes = tuple(load_config("metadata.yaml")["agency_suffixes"])
    return 2 <= len(name) <= 40 and name.endswith(suffixes) and not re.search(r"\d", name)


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


def extract_metadata(text: str, sections: list[Section], template: Optional[str]) -> tuple[Metadata, list[str]]:
    warnings: list[str] = []
    head = text[: min(len(text), 3000)]
    agency = year = None
    for line in head.split("\n")[:40]:
        line = _LABEL_PREFIX.sub("", line.strip())
        m = _TITLE.search(line)
        if not m:
            continue
        year = int(m.group("year"))
        cand = m.group("agency").strip()
        if not cand:
            # the agency on the line before the title (永州市冷水滩区行政审批服务局 / 2020年…年度报告)
            lines = [x.strip() for x in head[: head.find(line)].split("\n") if x.strip()]
            cand = lines[-1] if lines else ""
        if cand and _agency_ok(cand):
            agency = cand
        break
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
        warnings.append("agency: no title line naming the issuing body; left null rather than guessed")
    publish = None
    m = _PUBLISH.search(text)
    if m:
        publish = _iso(*m.groups())
    else:
        tail = text[-400:]
        dates = [(m.start(), m.groups()) for m in _DATE_LINE.finditer(tail)]
        dates += [(m.start(), _cn_date(*m.groups())) for m in _CN_DATE_LINE.finditer(tail)]
        if dates:
            publish = _iso(*max(dates)[1])
    return Metadata(agency=agency, year=year, publish_date=publish, template=template), warnings
