"""Ranks as values: `排名第5`, `全市排名第一`, `考核排名列板块组第3位` (unit 位/名)."""

from __future__ import annotations

from dataclasses import dataclass

from service.claims.rules_config import RulesConfig
from service.claims.values import ValueSpan


@dataclass(frozen=True)
class RankSpan(ValueSpan):
    word_end: int = 0


def rank_values(text: str, cfg: RulesConfig) -> list[ValueSpan]:
    """`排名第5`, `全市排名第一`, `考核排名列板块组第3位`: the 第N is a value (unit 位/名)."""
    from decimal import Decimal

    from service.claims.values import ParsedValue, cn_to_decimal

    out = []
    for m in cfg.rank.finditer(text):
        n = m.group("n")
        try:
            value = Decimal(n) if n.isdigit() else cn_to_decimal(n)
        except ValueError:
            continue
        vs = text.rfind("第", m.start(), m.start("n"))
        out.append(RankSpan(vs, m.end(), ParsedValue(value, m.group("u") or "名", "="), m.start("n"), m.end("n"), word_end=m.end("word")))
    return out

