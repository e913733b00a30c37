"""The article metadata a government site's page declares in its <head>: the page-design standard for
government websites (《政府网站网页设计规范》) has article pages carry `<meta name="ArticleTitle">`,
`<meta name="PubDate">` and `<meta name="ContentSource">`. They are no part of the report's text (the page's
title and date line usually stand in the site chrome around the article, which is dropped), so they go to
`RawDocument.page_furniture`, for metadata only, as lines the metadata reader knows: the title as written,
the date labelled 发布日期：."""

from __future__ import annotations

import re

from service.config import load_config

_DATE = re.compile(r"^\s*(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def page_meta_lines(root) -> list[str]:
    """Furniture lines from the page's <meta> tags named in configs/ingest.yaml (`html.page_meta`)."""
    cfg = load_config("ingest.yaml")["html"]["page_meta"]
    names = {n.lower(): key for key, ns in cfg.items() for n in ns}
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = names.get((meta.get("name") or "").strip().lower())
        content = (meta.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = content
    lines = []
    if "title" in found:
        lines.append(found["title"])
    if "publish_date" in found and (m := _DATE.match(found["publish_date"])):
        lines.append("发布日期：{}-{:0>2}-{:0>2}".format(*m.groups()))
    return lines
