"""HTML main text with trafilatura, keeping paragraphs; title and published date from the page metadata."""
from __future__ import annotations

import re

MIN_LETTERS = 20  # less than this is navigation debris, not an article


def extract_html(html: str) -> tuple[str, str | None, str | None]:
    """(text, title, published YYYY-MM-DD) of a page; ValueError when no main text can be found."""
    import trafilatura

    html = repair_html(html)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_recall=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    text = title = date = None
    if doc is not None:
        text, title, date = doc.text, doc.title, doc.date
    if _letters(text) < MIN_LETTERS:
        text = _fallback_text(html)
    if _letters(text) < MIN_LETTERS:
        raise ValueError("no main text found in the HTML page")
    return text, title or None, (date[:10] if date else None)


def repair_html(html: str) -> str:
    """Close an unclosed <title>: HTML parsers read everything after it as title text."""
    if re.search(r"<title[^>]*>", html, re.I) and not re.search(r"</title\s*>", html, re.I):
        html = re.sub(r"(<title[^>]*>[^<\n]*)", r"\1</title>", html, count=1, flags=re.I)
    return html


def _letters(text: str | None) -> int:
    return sum(1 for c in text if c.isalpha()) if text else 0


def _fallback_text(html: str) -> str:
    """Paragraph text of a page that trafilatura finds too short (small or broken pages)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//aside"):
        bad.drop_tree()
    paras = [p.text_content().strip() for p in root.xpath("//p|//h1|//h2|//h3|//li")]
    return "\n".join(p for p in paras if p)
