"""Tables flattened onto one line with no cell separators (crawled pages: `规章000行政规范性文件6233440`)."""

from __future__ import annotations

from typing import Optional, Sequence

from service.record import Section, Tables


def parse_flattened(text: str, sections: Sequence[Section], warnings: list[str]) -> Optional[tuple[Tables, Optional[str]]]:
    return None
