"""Finds Norwegian words in a rendered page, a PDF's text or a file's header row.

Used by the English-pages tests: every piece of content those tests create is plain ASCII
English, so æ, ø, å or a frequent Norwegian word in the output can only come from a user-interface
text that was not translated. Text inside an element marked `lang="nb"` (the "Norsk (bokmål)"
language link) is Norwegian on purpose and skipped, and so are the options of the municipality and
county lists (place names are content, shown as they are).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Proper nouns that stay as they are in English.
PROPER_NOUNS = ("Kulturskolerådet", "Lederkonferansen", "Lederundersøkelsen", "Samling", "Datatilsynet")

# Frequent bokmål words that are not English words (checked case-insensitively, as whole words).
WORDS = frozenset("""
og ikke er på av med til som du deg din ditt dine vi oss vår våre eller har kan skal må ingen alle
meld påmelding påmeldt påmeldinger lagre endre slett avbryt tilbake neste velg søk logg inn ut
arrangement arrangementet arrangementer navn rolle plass plasser ledig ledige venteliste ventelisten
sesjon sesjoner sesjonen økt økter kl hvor når hva hvem fra ny nytt nye en et ei den det de om ved
etter før uten bare også mer flere dag dager uke år sider tid sted rom spor deltaker deltakere
foredragsholder foredragsholdere kommune fylke navneskilt innsjekking sjekket sjekk undersøkelse
svar spørsmål personvern faktura kosthold tilrettelegging fornavn etternavn stilling programpost
programposter programmet verksted verksteder avlyst avmeldt bekreftet utkast publisert hei takk angre lukk
lenken lenke siden skjemaet feil ja nei antall andel oversikt innstillinger resultater
""".split())

SKIPPED_TAGS = {"script", "style"}
CONTENT_SELECTS = {"kommune", "county", "municipality_number"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CHECKED_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
_token = re.compile(r"[^\W\d_]+")
_slot = re.compile(r"\{\w+\}")  # a slot the user types, like {fornavn} in a bulk e-mail: code, not words
_proper = re.compile("|".join(re.escape(n) for n in PROPER_NOUNS))


def norwegian_words(text: str) -> list[str]:
    """The words of `text` that look bokmål (æøå, or in WORDS)."""
    text = _slot.sub(" ", _proper.sub(" ", text))
    return [w for w in _token.findall(text) if re.search("[æøåÆØÅ]", w) or w.lower() in WORDS]


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = (tag in SKIPPED_TAGS or (tag != "html" and (values.get("lang") or "").startswith(("nb", "nn", "no")))
                or (tag == "select" and values.get("name") in CONTENT_SELECTS))
        if not skip and not self._skipping():
            for name, value in attrs:
                if value and (name in CHECKED_ATTRIBUTES or (name.startswith("data-") and not name.endswith("url") and "csrf" not in name and "token" not in name)
                              or (tag == "input" and name == "value" and values.get("type") in ("submit", "button"))):
                    self.texts.append(value)
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._skipping():
            self.texts.append(data.strip())


def visible_texts(html: str) -> list[str]:
    """The text nodes and the user-visible attributes (aria-label, title, placeholder, alt, data-*
    texts for scripts, button values) of a page, outside script/style and lang="nb" elements."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser.texts


def norwegian_in(html: str, *, content: tuple[str, ...] = ()) -> list[str]:
    """Each text of the page that has Norwegian words, with those words: ['Lagre endringene  ← lagre'].
    `content` are stored texts (e.g. e-mail subjects, always Norwegian) removed before the check."""
    found = []
    for text in visible_texts(html):
        for stored in content:
            text = text.replace(stored, " ")
        words = norwegian_words(text)
        if words:
            found.append(f"{text[:120]}  ← {', '.join(words)}")
    return found
