"""The English catalog: complete, with the same placeholders as the bokmål text, and up to date with the code.

When a new `_("…")` lands, `test_every_marked_text_is_in_the_english_catalog` fails until someone runs
`make i18n-extract` and translates the new entries in app/translations/en/LC_MESSAGES/messages.po.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
# %(name)s / %(num)d, a literal %% (templates always apply %), and {n}-style slots filled in by scripts
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}")


def _catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def _messages(lang: str):
    return [m for m in _catalog(lang) if m.id]


def _forms(message) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs: one for a plain message, one per plural form for ngettext."""
    if isinstance(message.id, tuple):
        singular, plural = message.id
        return [(singular if i == 0 else plural, text) for i, text in enumerate(message.string)]
    return [(message.id, message.string)]


def test_every_english_message_is_translated_and_none_is_fuzzy():
    messages = _messages("en")
    assert len(messages) > 1000
    untranslated = [m.id for m in messages if not all(text.strip() for _id, text in _forms(m))]
    assert untranslated == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert not _catalog("en").obsolete


def test_translations_keep_the_placeholders_of_the_bokmal_text():
    wrong = []
    for message in _messages("en"):
        for msgid, text in _forms(message):
            if Counter(PLACEHOLDER.findall(msgid)) != Counter(PLACEHOLDER.findall(text)):
                wrong.append((msgid, text))
            elif "%" in PLACEHOLDER.sub("", text):  # a bare % breaks Jinja's formatting of the text
                wrong.append((msgid, text))
    assert wrong == []


def test_plural_messages_have_both_english_forms():
    plurals = [m for m in _messages("en") if isinstance(m.id, tuple)]
    assert plurals, "the catalog should have ngettext entries"
    assert all(len(m.string) == 2 for m in plurals)


def test_the_bokmal_catalog_has_the_same_messages_and_leaves_them_to_the_msgid():
    nb, en = _messages("nb"), _messages("en")
    assert {(m.context, m.id) for m in nb} == {(m.context, m.id) for m in en}
    assert [m.id for m in nb if any(text for _id, text in _forms(m))] == []


def _not_hidden(path: str) -> bool:
    name = Path(path).name
    return not (name.startswith(".") or name == "__pycache__")


@pytest.fixture(scope="module")
def marked_in_code() -> set:
    """The texts `make i18n-extract` finds: babel.cfg's patterns made relative to app/, and like the
    Makefile's --ignore-dirs, folders starting with "_" (templates/_macros) are not skipped."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    method_map = [(pattern.removeprefix("app/"), method) for pattern, method in method_map]
    options_map = {pattern.removeprefix("app/"): options for pattern, options in options_map.items()}
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    return {(context, message) for _file, _line, message, _comments, context
            in extract_from_dir(str(ROOT / "app"), method_map, options_map, keywords=keywords,
                                directory_filter=_not_hidden)}


def test_every_marked_text_is_in_the_english_catalog(marked_in_code):
    catalogued = {(m.context, m.id) for m in _messages("en")}
    assert marked_in_code - catalogued == set(), "run `make i18n-extract` and translate the new entries"
    assert catalogued - marked_in_code == set(), "run `make i18n-extract`: the catalog has texts no code uses"
