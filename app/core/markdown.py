"""The one renderer for the texts people write: event descriptions, speaker bios and session
descriptions, plain text or Markdown, rendered to a small, sanitised set of HTML (`{{ text|markdown }}`).

Two layers: markdown-it renders with raw HTML switched off (a `<script>` stays text) and refuses
`javascript:` links; nh3 then keeps only the tags and attributes below, only http/https/mailto
links, and adds rel="nofollow noopener noreferrer". Headings become h5 so a description never
breaks the outline of the page it sits in; a text that is the whole page under its h1 (a resource in the
library: `render(text, page=True)`) keeps h2–h4. Images are not rendered (the CSP would block them).
"""
from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h5", "h6", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
PREVIEW_MAX = 10_000  # characters a «Forhåndsvis» request renders (the longest field holds 5000)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).disable("image")


# Heading levels: in a description (under the page's own headings) and in a text that is the page's body.
DESCRIPTION_HEADINGS = {"h1": "h5", "h2": "h5", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}
PAGE_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}


def render(text: str | None, *, page: bool = False) -> Markup:
    if not text or not text.strip():
        return Markup("")
    return Markup(_render(text, page))


def preview(text: str) -> Markup:
    """What the page will show for a text as it stands in a form (markdown_field's «Forhåndsvis»)."""
    return render(text[:PREVIEW_MAX])


@lru_cache(maxsize=512)
def _render(text: str, page: bool = False) -> str:
    """Cached per text: rebuilding a program after one change re-renders only what changed."""
    parser = _parser()
    tokens = parser.parse(text)
    levels = PAGE_HEADINGS if page else DESCRIPTION_HEADINGS
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = levels[token.tag]
    html = parser.renderer.render(tokens, parser.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS | ({"h2", "h3", "h4"} if page else set()),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return clean
