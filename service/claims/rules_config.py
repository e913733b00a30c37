"""The rules' lexicons and patterns, compiled once from `configs/claims.yaml`, and the small text
helpers every rule module shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from service.config import load_config


HAN = re.compile(r"[\u4e00-\u9fff]")
WS = re.compile(r"\s+")


def alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class RulesConfig:
    boundary: re.Pattern
    glued_paren: re.Pattern
    paren_figure: re.Pattern
    soft_wrap_min_line: int
    transitive: re.Pattern
    object_verb: re.Pattern
    not_verbs: frozenset[str]
    trailing_copula: re.Pattern
    leading_strip: re.Pattern
    leading_agency: re.Pattern
    place_strip: re.Pattern
    leading_verbs: re.Pattern
    generic: frozenset[str]
    generic_object: re.Pattern
    nongeneric_prefix: re.Pattern
    compound_heads: tuple[str, ...]
    function_words: frozenset[str]
    to_right: re.Pattern
    to_right_tail: re.Pattern
    right_stop: re.Pattern
    right_predicate: re.Pattern
    copula_only: re.Pattern
    mid_time: re.Pattern
    staff_units: frozenset[str]
    right_head: re.Pattern
    right_heads: re.Pattern
    bare_verbs: frozenset[str]
    channel_prefix: re.Pattern
    channel_volume: re.Pattern
    share_words: frozenset[str]
    deadline_units: frozenset[str]
    deadline_frame: re.Pattern
    bare_share: re.Pattern
    share_units: frozenset[str]
    share_metric: re.Pattern
    from_marker: re.Pattern
    answer_verbs: frozenset[str]
    comparison_lead: re.Pattern
    one_char_changes: frozenset[str]
    change_words: frozenset[str]
    area_count: re.Pattern
    progressive: re.Pattern
    comparison_base: re.Pattern
    to_marker: re.Pattern
    enum_item: re.Pattern
    enum_stops: str
    listed_noun_max: int
    rate_heads: tuple[str, ...]
    distributive: re.Pattern
    distributive_chain: re.Pattern
    distributive_shared: re.Pattern
    channel_tail: re.Pattern
    verb_before: re.Pattern
    change_verb: re.Pattern
    verb_end: re.Pattern
    contrast_gap: re.Pattern
    quoted_channel: re.Pattern
    trailing_verb: re.Pattern
    channel_verbs: re.Pattern
    long_chars: int
    long_cut_after: re.Pattern
    long_mid_verbs: re.Pattern
    max_metric: int
    conf: dict
    rank: re.Pattern
    rank_metric_strip: re.Pattern
    carry_over: re.Pattern
    mid_adverb: re.Pattern
    mid_subject: re.Pattern
    kept_de_modifiers: tuple[str, ...]
    channel_list_end: re.Pattern
    title_owner: re.Pattern
    enum_agency: re.Pattern
    enum_agency_head: re.Pattern


# copulas that are also the last character of a metric word: 日均, 户均 (NOTES §10), 位居 (NOTES §6)
_COPULA_NOT_AFTER = {"均": "户日人月年周", "居": "位"}


def _copula_alt(words: Sequence[str]) -> str:
    """`alt` of the copulas, each guarded where it closes a metric word (日均, 位居)."""
    return "|".join(
        (f"(?<![{_COPULA_NOT_AFTER[w]}])" if w in _COPULA_NOT_AFTER else "") + re.escape(w)
        for w in sorted(set(words), key=len, reverse=True)
    )


@lru_cache(maxsize=1)
def rules_config() -> RulesConfig:
    c = load_config("claims.yaml")
    bchars = re.escape(c["boundary_chars"].replace("\n", "").replace("\t", ""))
    return RulesConfig(
        boundary=re.compile(rf"[{bchars}\t()（）\[\]【】]"),
        glued_paren=re.compile(r"(?<=[\u4e00-\u9fff”])[(（](?!含|其中|包括|不含|另)[^()（）\d,，。;；\n]{1,8}[)）]"),  # 县(市、区) is one name
        paren_figure=re.compile(r"(?<=[\u4e00-\u9fff”])[(（](?:共|合计|共计)?\d"),
        soft_wrap_min_line=int(c["soft_wrap_min_line"]),
        # 上线 inside the adverb 线上线下 and 等 inside 等级 are no verbs (线上线下参与人数, 取得职业技能等级证书人员)
        # (a verb after the adverb 全 is part of a noun: 全覆盖检查, NOTES §11.3)
        transitive=re.compile(rf"(?<!全)(?!上线下|等级)(?:{alt(c['transitive_verbs'])})(?!{alt(c['object_verb_not_before'])})"),
        not_verbs=frozenset(c["transitive_not_verbs"]),
        # (资助资金 is one noun, NOTES §11.3)
        object_verb=re.compile(rf"(?<![应际])(?!研究生|资助资金)(?:{alt(c['object_verbs'])})(?=[\u4e00-\u9fff“「《])(?!{alt(c['object_verb_not_before'])})"),
        # (PDF text puts spaces and wraps between words, NOTES §9: 合格率均⏎为 100%)
        # (为 closing 行为 is no copula: 维持原具体行政行为3件, NOTES §3)
        # (均 closing 日均, 户均 is part of the metric: 日均约3250件, 户均约2.5万元, NOTES §10 period words fused into a volume;
        # 居 closing the rank word 位居 is part of it: 位居市直部门第4名 → 位居, NOTES §6 as 位列)
        trailing_copula=re.compile(rf"(?:(?<!行)(?:{_copula_alt(list(c['copulas']) + list(c['trailing_words']))})\s*)+$"),
        leading_strip=re.compile(c["leading_strip"]),
        leading_agency=re.compile(c["leading_agency"]),
        place_strip=re.compile(c["place_strip"]),
        leading_verbs=re.compile(rf"^(?:{alt(c['leading_verbs'])})了?(?!{alt(c['leading_verb_not_before'])})"),  # (主动公开了行政许可事项, NOTES §11.1)
        generic=frozenset(c["generic_metrics"]),
        nongeneric_prefix=re.compile(rf"^(?:{alt(c['nongeneric_prefixes'])})"),
        generic_object=re.compile(rf"^(?:{alt(c['generic_object_words'])})*(?:{alt(c['generic_object_heads'])})(?:{alt(c['generic_object_suffix'])})?$"),
        compound_heads=tuple(c["verb_compound_heads"]),
        function_words=frozenset(c["function_words"]),
        to_right=re.compile(rf"(?:{alt(c['to_right_markers'])})$"),
        to_right_tail=re.compile(c["to_right_tail"]),
        # a stop word that begins a noun compound (工作 in 工作人员, 工作制度) does not end the metric
        right_stop=re.compile("|".join(
            [alt([w for w in c["right_stops"] if w not in c["right_stop_compounds"]])]
            + [rf"{re.escape(w)}(?!{alt(tails)}{'|$' if w in c['right_stop_kept_at_end'] else ''})" for w, tails in c["right_stop_compounds"].items()]
            + [c["right_stop_pattern"]]
        )),
        right_predicate=re.compile(c["right_predicate"]),
        right_head=re.compile(r"^(?:[\u4e00-\u9fff“”‘’\"《》]|[(（](?!含|其中|包括|不含|另)[^()（）\d,，。;；\n]{1,8}[)）])+"),
        staff_units=frozenset(c["staff_units"]),
        copula_only=re.compile(rf"^\s*(?:{alt(c['copulas'])})\s*$"),
        mid_time=re.compile(c["mid_time"]),
        right_heads=re.compile(rf"^[\u4e00-\u9fff]{{0,{int(c['right_head_max_prefix'])}}}(?:{alt(c['right_heads'])})(?=[\u4e00-\u9fff])(?![校区])"),  # (乡镇中心校 is one noun)
        bare_verbs=frozenset(c["leading_verbs"]),
        channel_prefix=re.compile(c["channel_prefix"], re.S),  # (a PDF line wrap inside the channel, NOTES §1)
        channel_volume=re.compile(c["channel_volume"], re.S),  # (a PDF line wrap inside the channel, NOTES §1)
        share_words=frozenset(c["share_words"]),
        deadline_units=frozenset(c["deadline_units"]),
        deadline_frame=re.compile(c["deadline_frame"]),
        bare_share=re.compile(c["bare_share"]),
        share_units=frozenset(c["share_units"]),
        share_metric=re.compile(c["share_metric"]),
        from_marker=re.compile(c["from_marker"]),
        answer_verbs=frozenset(c["answer_verbs"]),
        comparison_lead=re.compile(c["comparison_lead"]),
        one_char_changes=frozenset(c["one_char_changes"]),
        change_words=frozenset(c["change_words"]),
        area_count=re.compile(c["area_count"]),
        progressive=re.compile(c["progressive"]),
        comparison_base=re.compile(c["comparison_base"]),
        to_marker=re.compile(c["to_marker"]),
        enum_item=re.compile(c["enumeration_item"]),
        enum_stops=c["enumeration_stops"],
        listed_noun_max=int(c["listed_noun_max_chars"]),
        rate_heads=tuple(c["rate_heads"]),
        distributive=re.compile(rf"(?:(?:{c['distributive_marker']})[^\d\s,，。;；:：、()（）]{{0,{int(c['distributive_gap'])}}}|{c['distributive_adjacent']})$"),
        distributive_chain=re.compile(c["distributive_chain"]),
        distributive_shared=re.compile(c["distributive_shared"]),
        channel_tail=re.compile(c["channel_tail"]),
        verb_before=re.compile(rf"(?:{alt(list(c['leading_verbs']) + list(c['object_verbs']) + list(c['change_verbs']) + [v for v in c['transitive_verbs'] if v not in c['transitive_not_verbs']])})$"),
        change_verb=re.compile(rf"^(?:{alt(c['change_verbs'])})(?=[\u4e00-\u9fff“《])"),
        verb_end=re.compile(rf"(?:{alt(c['verbs_before_object'])})$"),
        contrast_gap=re.compile(r"^[,，、;；]\s*$"),
        quoted_channel=re.compile(c["quoted_channel"]),
        trailing_verb=re.compile(c["trailing_verb"]),
        channel_verbs=re.compile(c["channel_verbs"]),
        long_chars=int(c["long_metric_chars"]),
        long_cut_after=re.compile(c["long_metric_cut_after"], re.S),
        long_mid_verbs=re.compile(rf"(?:{alt(c['long_metric_mid_verbs'])})(?!会|率)"),  # not 新闻发布会, 按时办结率
        max_metric=int(c["max_metric_chars"]),
        conf=c["confidence"],
        rank=re.compile(c["rank"]),
        rank_metric_strip=re.compile(c["rank_metric_strip"]),
        carry_over=re.compile(c["carry_over"]),
        mid_adverb=re.compile(c["mid_adverb"]),
        mid_subject=re.compile(c["mid_subject"]),
        kept_de_modifiers=tuple(c["kept_de_modifiers"]),
        channel_list_end=re.compile(c["channel_list_end"]),
        title_owner=re.compile(c["title_owner"]),
        # an item that is only an agency word, maybe after a place or a receiving verb (县人大、…, NOTES §2)
        enum_agency=re.compile(rf"(?:^|[省市县区镇乡各]|收到|受理|转载|转发)(?:{alt(c['enumeration_agencies'])})$"),
        enum_agency_head=re.compile(rf"(?:{alt(c['enumeration_agencies'])})(?=[\u4e00-\u9fff]{{2}})"),
    )



def is_generic(obj: str, cfg: RulesConfig) -> bool:
    """A generic object keeps its verb (NOTES §11.1): 信息, 政府信息公开申请, 各类政务信息."""
    return obj in cfg.generic or cfg.generic_object.match(obj) is not None


def last_match(pattern: re.Pattern, text: str, a: int, b: int) -> Optional[re.Match]:
    last = None
    for last in pattern.finditer(text, a, b):
        pass
    return last


def strip_ws(s: str) -> str:
    return WS.sub("", s)

