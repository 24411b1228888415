"""The detector the English-pages tests rely on: it must find bokmål and leave English alone."""
from __future__ import annotations

from tests.i18n.norwegian import norwegian_in, norwegian_words, visible_texts


def test_bokmal_words_and_letters_are_found_and_english_is_not():
    assert norwegian_words("Lagre endringene") == ["Lagre"]
    assert norwegian_words("Påmeldingsfrist: 14 April") == ["Påmeldingsfrist"]
    assert norwegian_words("Du er påmeldt") == ["Du", "er", "påmeldt"]
    assert norwegian_words("Save your changes. Registration closes 14 April 2027, 09:00.") == []
    assert norwegian_words("Samling is the event system of Kulturskolerådet.") == []


def test_text_attributes_and_script_texts_are_read_but_lang_nb_and_place_lists_are_not():
    html = """<html lang="en"><head><title>Events</title><style>p{}</style></head><body>
      <a href="/lang/nb" lang="nb">Norsk (bokmål)</a>
      <button aria-label="Lukk">x</button><input type="submit" value="Send the answers">
      <div data-undo="Angre" data-roster-url="/api/v1/events/x/checkins/roster"></div>
      <select name="kommune"><option>Bærum</option></select><select name="sort"><option>Navn</option></select>
      <script>var s = "på";</script><p>Checked in</p></body></html>"""
    assert visible_texts(html) == ["Events", "Lukk", "x", "Send the answers", "Angre", "Navn", "Checked in"]
    assert norwegian_in(html) == ["Lukk  ← Lukk", "Angre  ← Angre", "Navn  ← Navn"]
    assert norwegian_in("<p>Du er påmeldt Summit 1</p>", content=("Du er påmeldt Summit 1",)) == []
    assert norwegian_in('<html lang="nb"><p>Lagre</p></html>') == ["Lagre  ← Lagre"]
