"""Påmeldinger › Kollegagrupper: forming with the engine (sizes 5–8, odd numbers), the spread of each group,
renaming and a table, moving with warnings and refusing a stale move, publishing, re-forming only after the
organiser confirms, a cancellation's notice, late registrations «uten gruppe», lesetilgang reading only."""
from __future__ import annotations

from app.models import EventRole
from tests.peer_groups.helpers import enrol, group_ids, groups, member_count, post, text


def _admin(make, login):
    login(make.user().email)


def test_forming_groups_of_13_gives_7_and_6_as_drafts_with_the_spread_shown(app, client, make, login):
    event = make.event(title="Lederkonferansen 2027")
    for n in range(13):
        enrol(app, event, n)
    _admin(make, login)

    page = text(post(client, event.slug, "/form", {"size": "6"}))

    assert "2 grupper er laget som utkast." in page
    stored = groups(app, event.id)
    assert [(name, state, len(ids)) for name, state, ids in stored] == [
        ("Kollegagruppe 1", "draft", 7), ("Kollegagruppe 2", "draft", 6)]
    assert sorted(i for _, _, ids in stored for i in ids) == list(range(1, 14))
    assert "Bord/rom: Bord 1" in page
    assert "Deltakere 7" in page and "Kommuner 7" in page  # 13 people from 13 different kommuner
    assert "Utkast" in page and "Publiser gruppene" in page


def test_odd_and_bad_sizes_have_a_message_and_store_nothing_or_say_why(app, client, make, login):
    event = make.event()
    for n in range(9):  # 9 with 5–8: no split keeps the bounds
        enrol(app, event, n)
    _admin(make, login)

    refused = text(post(client, event.slug, "/form", {"size": "4"}))
    assert "Velg en gruppestørrelse fra 5 til 8." in refused
    assert member_count(app, event.id) == 0

    page = text(post(client, event.slug, "/form", {"size": "6"}))
    assert [len(ids) for _, _, ids in groups(app, event.id)] == [5, 4]
    assert "har færre enn 5 deltakere: antallet lot seg ikke dele jevnere." in page
    assert "4 deltakere: utenfor 5–8." in page  # the group's own warning stays on the page


def test_no_participants_means_no_groups(app, client, make, login):
    event = make.event()
    _admin(make, login)
    page = text(post(client, event.slug, "/form", {"size": "6"}))
    assert "Det er ingen bekreftede deltakere å lage grupper av ennå." in page
    assert groups(app, event.id) == []


def test_moving_warns_of_size_and_kommune_and_a_stale_move_is_refused(app, client, make, login):
    event = make.event()
    ids = [enrol(app, event, n, kommune="0301" if n < 2 else None)[0] for n in range(10)]
    _admin(make, login)
    post(client, event.slug, "/form", {"size": "5"})
    first, second = group_ids(app, event.id)
    before = groups(app, event.id)
    # The two from Oslo were put in different groups; move one of them to the other's group.
    oslo_a, oslo_b = ids[0], ids[1]
    where = {i: g for g, (_, _, members) in zip((first, second), before, strict=True) for i in members}
    assert where[oslo_a] != where[oslo_b]
    source, target = where[oslo_a], where[oslo_b]

    page = text(post(client, event.slug, "/move", {"registration": oslo_a, "from": source, "to": target}))

    assert "Deltakeren er flyttet." in page
    assert "har nå 6 deltakere fra" not in page
    target_name = "Kollegagruppe 1" if target == first else "Kollegagruppe 2"
    source_name = "Kollegagruppe 2" if target == first else "Kollegagruppe 1"
    assert f"{target_name} har nå 2 deltakere fra Oslo - Oslove." in page
    assert f"{source_name} har nå 4 deltakere (utenfor 5–8)." in page
    assert f"{target_name} har nå 6 deltakere (utenfor 5–8)." not in page  # 6 is within 5–8

    # A second organiser, still seeing her in the old group, moves her again: refused, nothing changes.
    after = groups(app, event.id)
    stale = text(post(client, event.slug, "/move", {"registration": oslo_a, "from": source, "to": source}))
    assert "Deltakeren er allerede flyttet (kanskje av en annen arrangør)." in stale
    assert groups(app, event.id) == after


def test_rename_and_table_are_checked_and_saved(app, client, make, login):
    event = make.event()
    for n in range(12):
        enrol(app, event, n)
    _admin(make, login)
    post(client, event.slug, "/form", {"size": "6"})
    first, second = group_ids(app, event.id)

    page = text(post(client, event.slug, f"/{first}", {"name": "  Nordlys   over Sápmi ", "place": "Bord 4"}))
    assert "Nordlys over Sápmi er lagret." in page
    clash = text(post(client, event.slug, f"/{second}", {"name": "Nordlys over Sápmi", "place": ""}))
    assert "En annen gruppe har allerede dette navnet." in clash
    empty = text(post(client, event.slug, f"/{second}", {"name": "  ", "place": "x"}))
    assert "Gi gruppen et navn" in empty
    assert [name for name, _, _ in groups(app, event.id)] == ["Nordlys over Sápmi", "Kollegagruppe 2"]


def test_re_forming_published_groups_asks_first_and_changes_nothing_until_confirmed(app, client, make, login):
    event = make.event()
    for n in range(12):
        enrol(app, event, n)
    _admin(make, login)
    post(client, event.slug, "/form", {"size": "6"})
    page = text(post(client, event.slug, "/publish"))
    assert "2 grupper er publisert" in page
    published, ids = groups(app, event.id), group_ids(app, event.id)

    asked = post(client, event.slug, "/form", {"size": "8"})
    assert asked.status_code == 409
    assert "Lage gruppene på nytt?" in text(asked)
    assert groups(app, event.id) == published and group_ids(app, event.id) == ids

    confirmed = text(post(client, event.slug, "/form", {"size": "6", "confirm": "yes"}))
    assert "2 grupper er laget som utkast." in confirmed
    assert [state for _, state, _ in groups(app, event.id)] == ["draft", "draft"]


def test_a_cancellation_leaves_the_group_with_a_notice_and_nobody_else_moves(app, client, make, login):
    event = make.event()
    people = [enrol(app, event, n, first=f"Deltaker{n}") for n in range(10)]
    _admin(make, login)
    post(client, event.slug, "/form", {"size": "5"})
    post(client, event.slug, "/publish")
    before = groups(app, event.id)
    leaving_id, leaving_token = people[3]
    name, _, members = next(g for g in before if leaving_id in g[2])

    cancel_page = client.get(f"/me/{leaving_token}/cancel")
    from tests.factories import csrf_from
    client.post(f"/me/{leaving_token}/cancel", data={"csrf_token": csrf_from(cancel_page.get_data(as_text=True))})

    after = groups(app, event.id)
    assert [(n, s, [i for i in m if i != leaving_id]) for n, s, m in before] == after  # only she left
    assert all(state == "published" for _, state, _ in after)
    page = text(client.get(f"/admin/events/{event.slug}/peer-groups"))
    assert "Deltaker3 Nordmann meldte seg av" in page
    assert f"{name} har nå 4 deltakere." in page
    assert "Ingen er flyttet automatisk." in page

    cleared = text(post(client, event.slug, "/notices/clear"))
    assert "Merknadene er fjernet." in cleared
    assert "meldte seg av" not in cleared


def test_a_late_registration_is_without_group_until_added_to_the_smallest(app, client, make, login):
    event = make.event()
    for n in range(11):
        enrol(app, event, n)
    _admin(make, login)
    post(client, event.slug, "/form", {"size": "6"})
    assert [len(m) for _, _, m in groups(app, event.id)] == [6, 5]
    late_id, _ = enrol(app, event, 40, first="Sen", last="Påmeldt", kommune="5612")

    page = text(client.get(f"/admin/events/{event.slug}/peer-groups"))
    assert "Uten gruppe" in page and "Sen Påmeldt, Guovdageaidnu - Kautokeino" in page

    added = text(post(client, event.slug, "/add-to-smallest", {"registration": late_id}))
    smallest = next(name for name, _, m in groups(app, event.id) if late_id in m)
    assert f"Lagt til i {smallest}." in added
    assert sorted(len(m) for _, _, m in groups(app, event.id)) == [6, 6]
    assert "Sen Påmeldt, Guovdageaidnu" not in added.split("Uten gruppe")[-1].split("Kollegagruppe")[0]


def test_lesetilgang_sees_the_groups_but_no_forms(app, client, make, login):
    event = make.event()
    for n in range(6):
        enrol(app, event, n)
    admin = make.user()
    login(admin.email)
    post(client, event.slug, "/form", {"size": "6"})
    client.get("/logout")
    viewer = make.user(EventRole.VIEWER, events=[event])
    other = app.test_client()
    from tests.factories import PASSWORD, csrf_from
    token = csrf_from(other.get("/login").get_data(as_text=True))
    other.post("/login", data={"email": viewer.email, "password": PASSWORD, "csrf_token": token})

    page = other.get(f"/admin/events/{event.slug}/peer-groups")
    assert page.status_code == 200
    body = text(page)
    assert "Kollegagruppe 1" in body
    assert "Lag grupper" not in body and "Flytt" not in body and "Publiser gruppene" not in body
    # Her POSTs are refused by the access rule (tests/security/access_table.py walks them with a valid token).
    refused = other.post(f"/admin/events/{event.slug}/peer-groups/publish", data={})
    assert refused.status_code in (400, 403)
    assert [state for _, state, _ in groups(app, event.id)] == ["draft"]
