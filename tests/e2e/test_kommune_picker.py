"""The kommune picker (app/static/js/kommune.js) in Chromium: what is typed is ranked exact → beginning
of any of the names → the rest, in Norwegian order; arrow-down + Enter picks the highlighted option
and never sends the form; the same picker on the venue form and the back office's participant form."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.core.collation import norwegian_key
from app.models import UserRole
from tests.e2e.conftest import check_a11y
from tests.e2e.journey_steps import sign_in

SHOTS = Path("/work/shots/forms")


@pytest.fixture
def event(make):
    return make.event(title="Lederkonferansen 2027")


def _shots(page, name: str, focus) -> None:
    if SHOTS.parent.is_dir():  # screenshots for the people reviewing the change, where there is a place for them
        SHOTS.mkdir(exist_ok=True)
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            focus.evaluate("el => el.closest('.field').scrollIntoView({block: 'start'})")
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        page.set_viewport_size({"width": 1280, "height": 900})


def _options(page) -> list[str]:
    return page.get_by_role("listbox").get_by_role("option").all_inner_texts()


def test_typing_ranks_exact_then_beginning_then_the_rest(page, event):
    page.goto(f"/events/{event.slug}/register")
    combo = page.get_by_role("combobox", name="Kommune")
    combo.fill("Hamar")
    options = _options(page)
    assert options[:2] == ["Hamar", "Hábmer - Hamarøy"]
    assert combo.get_attribute("aria-expanded") == "true"
    _shots(page, "kommune-hamar", combo)
    check_a11y(page, "påmeldingsskjemaet med «Hamar» skrevet i kommunefeltet")

    combo.fill("Ås")
    assert _options(page)[:3] == ["Ås", "Åseral", "Åsnes"]  # exact, then names that begin with «Ås»
    assert "Asker" not in _options(page)[:3]

    combo.fill("Kárášjohka")
    assert _options(page) == ["Kárášjohka - Karasjok"]
    combo.fill("karasjok")
    assert _options(page) == ["Kárášjohka - Karasjok"]
    combo.fill("tromso")  # ø written as o still finds it, after the names that match as written
    assert _options(page) == ["Tromsø"]


def test_arrow_down_and_enter_pick_the_highlighted_option_and_do_not_send_the_form(page, event):
    page.goto(f"/events/{event.slug}/register")
    url = page.url
    combo = page.get_by_role("combobox", name="Kommune")
    combo.fill("Hamar")
    combo.press("ArrowDown")
    highlighted = page.locator("[role=option][aria-selected=true]")
    assert highlighted.inner_text() == "Hamar"
    assert combo.get_attribute("aria-activedescendant") == highlighted.get_attribute("id")
    combo.press("Enter")
    assert combo.input_value() == "Hamar"
    assert page.locator("select[name=kommune]").input_value() == "3403"
    assert combo.get_attribute("aria-expanded") == "false"

    combo.press("Enter")  # once more, with the list closed: still no sending
    combo.fill("As")
    combo.press("Enter")  # several matches and none highlighted: nothing chosen, nothing sent
    page.wait_for_timeout(300)
    assert page.url == url
    assert page.locator("#error-summary").count() == 0


def test_the_whole_list_is_in_norwegian_order_with_æ_ø_å_last(page, event):
    page.goto(f"/events/{event.slug}/register")
    combo = page.get_by_role("combobox", name="Kommune")
    combo.focus()
    combo.press("ArrowDown")
    options = _options(page)
    assert len(options) == 357
    firsts = [o[0] for o in options]
    assert firsts.index("Ø") > max(i for i, f in enumerate(firsts) if f not in "ÆØÅ")
    assert firsts.index("Å") > max(i for i, f in enumerate(firsts) if f == "Ø")
    assert options[-3:] == ["Ås", "Åseral", "Åsnes"]
    assert options == sorted(options, key=norwegian_key)


@pytest.mark.parametrize("kind", ["venue", "participant"])
def test_the_back_office_forms_use_the_same_picker(page, make, event, app, kind):
    make.user(UserRole.ADMINISTRATOR, email="arrangor@example.org")
    path = "/admin/venues/new" if kind == "venue" else f"/admin/events/{event.slug}/registrations/new"
    sign_in(page, "arrangor@example.org", path)
    combo = page.get_by_role("combobox", name="Kommune")
    combo.fill("Ås")
    assert _options(page)[0] == "Ås"
    combo.fill("Hamar")
    assert _options(page)[0] == "Hamar"
    combo.press("ArrowDown")
    combo.press("Enter")
    assert page.url.endswith(path)  # not sent
    name = "municipality_number" if kind == "venue" else "kommune"
    assert page.locator(f"select[name={name}]").input_value() == "3403"
    if kind == "venue":
        combo.fill("Hamar")
        _shots(page, "kommune-venue-form", combo)
    check_a11y(page, f"{kind}: kommunefeltet")
