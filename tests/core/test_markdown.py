"""The one renderer (event descriptions, bios, session descriptions): Markdown or plain text, never raw HTML; scripts, javascript: links and
event handlers come out inert — in the renderer and on the public program."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.core.markdown import render

ATTACKS = {
    "script": "<script>alert('x')</script>",
    "javascript-link": "[klikk](javascript:alert(1))",
    "javascript-link-mixed-case": "[klikk](JaVaScRiPt:alert(1))",
    "javascript-autolink": "<javascript:alert(1)>",
    "data-link": "[klikk](data:text/html;base64,PHNjcmlwdD4=)",
    "event-handler": '<img src="x" onerror="alert(1)">',
    "html-link": '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    "reference-link": "[x][1]\n\n[1]: javascript:alert(1)",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "svg": '<svg onload="alert(1)"></svg>',
}


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_attacks_render_inert(text):
    elements = _Elements(str(render(text))).found
    # All that is left is paragraphs of text: no script, image, frame, link or handler.
    assert elements and all(element == ("p", {}) for element in elements), elements


def test_only_web_links_survive():
    elements = _Elements(str(render("[a](https://example.org) [b](mailto:kari@example.org) [c](ftp://x.org)"))).found
    hrefs = [attrs.get("href") for tag, attrs in elements if tag == "a"]
    assert hrefs == ["https://example.org", "mailto:kari@example.org", None]  # the ftp link is left as text


def test_markdown_and_plain_text_render_as_expected():
    assert str(render("Første linje\nandre linje")) == "<p>Første linje<br>\nandre linje</p>\n"
    assert str(render("# Overskrift\n\n**Fet** og *kursiv*, [lenke](https://example.org).\n\n- en\n- to")) == (
        "<h5>Overskrift</h5>\n<p><strong>Fet</strong> og <em>kursiv</em>, "
        '<a href="https://example.org" rel="nofollow noopener noreferrer">lenke</a>.</p>\n'
        "<ul>\n<li>en</li>\n<li>to</li>\n</ul>\n")
    assert str(render("")) == "" and str(render("   ")) == ""


def test_a_text_that_is_the_whole_page_keeps_its_outline_under_the_h1():
    text = "# Tittel\n\n## Del\n\n### Punkt\n\n#### Detalj\n\n<h1>rå</h1>"
    assert str(render(text, page=True)) == (
        "<h2>Tittel</h2>\n<h2>Del</h2>\n<h3>Punkt</h3>\n<h4>Detalj</h4>\n<p>&lt;h1&gt;rå&lt;/h1&gt;</p>\n")
    assert str(render("## Del", page=False)) == "<h5>Del</h5>\n"
