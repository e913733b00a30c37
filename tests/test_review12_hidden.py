"""Review round 12 (hidden): text a reader does not see, in DOCX and HTML, next to the figure shown — last year's figure
kept hidden before this year's in a table cell or a sentence. Reports built by tests/fixtures/review12_hidden/make_cases.py
from numbers chosen by hand (each expected JSON written from the same numbers): DOCX hidden through a character style,
a paragraph style, a two-level w:basedOn chain, w:specVanish, a style's vanish switched off by a direct w:vanish
w:val="0" (shown) and w:webHidden (shown: Word prints it); HTML hidden by the page's own <style> with compound
selectors and lists, the cascade (specificity, !important), [hidden], visibility:hidden, font-size:0, Word's "save as
web page" (mso-hide:all), a report held in a <textarea> or a <noscript> block, and an external stylesheet's framework
class. 1 of 11 was read right before this round (h03).

Defects found and fixed (every one joined a hidden figure's digits with the shown ones, silently: `38`+`42` → 3842):
1. DOCX text hidden through its style (w:rStyle / w:pStyle, followed up w:basedOn) and w:specVanish was read: only a
   run's own w:vanish was looked at. `ingest.docx_styles` resolves the style hierarchy as Word does (toggle property).
2. HTML rules of the page's own <style> with compound selectors (`td > span.del`, `.box .old`, `.a.b`, lists) were not
   applied, nor specificity; `font-size:0` text was read. `ingest.html_styles` now matches selectors with cssselect
   and writes declarations in cascade order; text in a font size of 0 is dropped.
3. A report held in a <textarea> came out as raw markup (no table, no sections); one in <noscript> gave no text at all.
   Both are read in place when the page shows no report (`ingest.html_embedded`), with a warning.
4. Classes such as `hide` defined only in a linked external stylesheet: taken as hidden, with a warning naming the
   class (the stylesheet cannot be read offline; every common framework hides them)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from service.ingest import load_document
from service.pipeline import extract
from tests.review_cases import build_generated_cases, read_case, tables_without_offsets

docx = pytest.importorskip("docx")
FIX = Path(__file__).parent / "fixtures" / "review12_hidden"
REPORT = ("<h1>某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p>{body}<p>二、主动公开政府信息情况</p>"
          "<p>六、其他需要报告的事项</p><p>无。</p>")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(FIX, tmp_path_factory.mktemp("review12_hidden"))


def _case_names() -> list[str]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("review12_hidden_cases", FIX / "make_cases.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return [c.name for c, _, _ in mod.cases()]


@pytest.mark.parametrize("case", _case_names())
def test_hidden_figures_are_not_read_and_shown_ones_are(built, case):
    doc = next(p for p in built.glob(case + ".*") if not p.name.endswith(".json"))
    rec, exp = read_case(doc, built / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    text = load_document(doc).text
    assert not [s for s in exp["text_absent"] if s in text]
    assert all(s in text for s in exp["text_present"])
    claims = {(c["value"], c["unit"]) for c in rec["claims"]}
    assert {(float(v), u) for v, u in exp["claims"]} <= claims
    for w in exp["warn_contains"]:
        assert any(w in x for x in rec["warnings"]), w


# ------------------------------------------------------------------ DOCX style resolution

def _docx(styles: str, runs: list[tuple[str, str]], ppr: str = "") -> bytes:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    for el in parse_xml(f"<w:styles {ns}>{styles}</w:styles>"):
        d.styles.element.append(el)
    body = "".join(f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>' for t, rpr in runs)
    d.element.body[-1].addprevious(parse_xml(f"<w:p {ns}><w:pPr>{ppr}</w:pPr>{body}</w:p>"))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _style(sid, kind, rpr="", based=""):
    b = f'<w:basedOn w:val="{based}"/>' if based else ""
    return f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{sid}"/>{b}<w:rPr>{rpr}</w:rPr></w:style>'


def _docx_text(data: bytes) -> str:
    return load_document(data, source="t.docx").text


def test_hidden_in_both_the_paragraph_and_the_character_style_toggles_back_to_shown():
    styles = _style("HidP", "paragraph", "<w:vanish/>", "Normal") + _style("HidC", "character", "<w:vanish/>")
    text = _docx_text(_docx(styles, [("共", ""), ("38", ""), ("42", '<w:rStyle w:val="HidC"/>'), ("件", "")],
                            '<w:pStyle w:val="HidP"/>'))
    assert text == "42"


def test_in_a_basedon_chain_the_nearest_style_setting_hidden_text_decides():
    styles = (_style("OldBase", "character", "<w:vanish/>") + _style("Shown", "character", '<w:vanish w:val="0"/>', "OldBase")
              + _style("Again", "character", "<w:vanish/>", "OldBase") + _style("Grey", "character", "<w:i/>", "Again"))
    runs = [("共", '<w:rStyle w:val="Shown"/>'), ("38", '<w:rStyle w:val="Again"/>'), ("29", '<w:rStyle w:val="Grey"/>'),
            ("42件", "")]
    assert _docx_text(_docx(styles, runs)) == "共42件"


def test_a_basedon_loop_and_an_unknown_style_read_the_text():
    styles = _style("LoopA", "character", "", "LoopB") + _style("LoopB", "character", "", "LoopA")
    runs = [("共", '<w:rStyle w:val="LoopA"/>'), ("42", '<w:rStyle w:val="NoSuchStyle"/>'), ("件", "")]
    assert _docx_text(_docx(styles, runs)) == "共42件"


def test_a_paragraph_mark_hidden_by_its_style_shows_no_list_label():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.styles.element.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Gone"><w:name w:val="Gone"/>'
                                      "<w:rPr><w:vanish/></w:rPr></w:style>"))
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="912"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="912"><w:abstractNumId w:val="912"/></w:num>'))
    for t, hidden in [("总体情况", False), ("旧稿标题", True), ("主动公开政府信息情况", False)]:
        p = d.add_paragraph(t, style=None)
        ppr = p._p.get_or_add_pPr()
        if hidden:
            ppr.append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="Gone"/>'))
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="912"/></w:numPr>'))
    buf = io.BytesIO()
    d.save(buf)
    assert _docx_text(buf.getvalue()).split("\n") == ["一、总体情况", "二、主动公开政府信息情况"]


# ------------------------------------------------------------------ HTML stylesheet, font size, embedded reports

def _html(body: str, head: str = "") -> str:
    page = f"<html><head>{head}</head><body>{REPORT.format(body=body)}</body></html>"
    return load_document(page.encode("utf-8"), source="t.html").text


def _html_record(body: str, head: str = ""):
    page = f"<html><head>{head}</head><body>{REPORT.format(body=body)}</body></html>"
    return extract(page.encode("utf-8"), source="t.html")


@pytest.mark.parametrize("css", ["span.old:hover{display:none}", "span.old::after{display:none}",
                                 "@media print{span.old{display:none}}", "span.old:not({display:none}", "span.old{color:red}"])
def test_rules_for_a_state_a_pseudo_element_print_or_colour_only_or_broken_do_not_hide(css):
    assert "共3842件" in _html("<p>共<span class='old'>38</span>42件</p>", f"<style>{css}</style>")


def test_a_later_rule_of_equal_specificity_wins_and_a_more_specific_one_beats_source_order():
    css = "<style>p span.x{display:none} .x{display:inline} .y{display:none} .y{display:inline}</style>"
    text = _html("<p>共<span class='x'>38</span>42件，<span class='y'>办结</span>40件</p>", css)
    assert "共42件，办结40件" in text


def test_font_size_zero_hides_only_text_whose_size_is_zero():
    body = ("<p>共<span style='font-size:0'>38<b>旧</b></span>42件</p>"
            "<div style='font-size:0'> <span style='font-size:16px'>办结40件</span> <span style='font-size:1.5em'>99</span></div>")
    text = _html(body)
    assert "共42件" in text and "办结40件" in text and "99" not in text and "旧" not in text


def test_a_plain_text_report_in_a_textarea_is_read_as_its_lines():
    page = ("<html><body><h1>某局2023年政府信息公开工作年度报告</h1><textarea readonly rows='40'>一、总体情况\n本年度共收到申请42件。\n"
            "二、主动公开政府信息情况\n六、其他需要报告的事项\n无。</textarea></body></html>")
    rec = extract(page.encode("utf-8"), source="t.html")
    text = load_document(page.encode("utf-8"), source="t.html").text
    assert "本年度共收到申请42件。" in text.split("\n")
    assert [s.key for s in rec.sections][:2] == ["overview", "active_disclosure"]
    assert any("textarea" in w for w in rec.warnings)


def test_the_editors_copy_in_a_textarea_is_dropped_when_the_page_shows_the_report():
    copy = "&lt;p&gt;一、总体情况&lt;/p&gt;&lt;p&gt;旧稿共收到申请38件&lt;/p&gt;&lt;p&gt;二、主动公开政府信息情况&lt;/p&gt;"
    text = _html(f"<p>本年度共收到申请42件。</p><textarea style='display:none'>{copy}</textarea>")
    assert "42件" in text and "旧稿" not in text and "&lt;" not in text and "<p>" not in text


def test_a_noscript_notice_is_not_read_when_the_page_shows_the_report():
    assert "请启用" not in _html("<p>本年度共收到申请42件。</p><noscript>请启用JavaScript</noscript>")


def test_a_framework_class_is_read_without_an_external_stylesheet_and_hidden_with_one():
    body = "<p>共<span class='hide'>38</span>42件</p>"
    rec = _html_record(body)
    assert "共3842件" in _html(body) and not any("'hide'" in w for w in rec.warnings)
    link = "<link rel='stylesheet' href='/css/site.css'>"
    rec = _html_record(body, link)
    assert "共42件" in _html(body, link) and any("'hide'" in w for w in rec.warnings)


@pytest.mark.parametrize("markup", ["<span class='hide' style='display:inline'>38</span>", "<span class='hide-xs'>38</span>",
                                    "<span class='hide'>38</span><style>.hide{font-weight:bold}</style>"])
def test_a_framework_class_shown_inline_near_miss_or_defined_by_the_page_is_read(markup):
    assert "共3842件" in _html(f"<p>共{markup}42件</p>", "<link rel='stylesheet' href='/css/site.css'>")
