"""Results: counts, charts with tables, scale means, recommendation score, free text, per-session ratings,
breakdown by band, comparison with an earlier event, exports; nothing behind fewer than five answers."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pypdfium2
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import Event, SessionKind, Survey, UserRole
from app.seeding.run import seed_all
from app.surveys import answering, builder
from app.surveys.answering import Cleaned
from tests.conftest import count_queries
from tests.surveys.helpers import option_ids, question_ids, small_survey

YEARS = [("Mindre enn 1 år", 11), ("1-3 år", 26), ("4-6 år", 24), ("7-10 år", 18), ("Mer enn 10 år", 56)]
FRAMEWORK = [("Å lede læreres læring", 51), ("Å lede profesjonsfellesskap", 68),
             ("Å lede kunnskapsmedarbeidere i omstilling", 74), ("Å bygge kompetanseteam", 48),
             ("Samhandlingskompetanse", 69), ("Individuell og kollektiv mestringstro", 41), ("Annet", 5)]


@pytest.fixture
def organiser(make, login):
    user = make.user(UserRole.ADMINISTRATOR)
    login(user.email)
    return user


def _section(html: str, heading: str) -> str:
    start = html.index(heading)
    end = html.find('<section class="result-question"', start)
    return html[start: end if end > 0 else len(html)]


def _table_rows(fragment: str) -> list[tuple[str, ...]]:
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td>[^<]*</td>)+)</tr>', fragment)
    return [(label, *re.findall(r"<td>([^<]*)</td>", cells)) for label, cells in rows]


def _seeded_survey_id(app) -> int:
    with app.app_context():
        seed_all()
        survey_id = db.session.scalar(select(Survey.id).where(Survey.title == "Lederundersøkelsen 2025"))
        db.session.remove()
        return survey_id


def test_the_seeded_results_page_shows_135_answers_and_the_seeds_counts(app, client, organiser):
    survey_id = _seeded_survey_id(app)
    response = client.get(f"/admin/surveys/{survey_id}/results")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<span class="figure-value" id="answer-count">135</span> svar' in html
    years = _section(html, "1. Hvor lenge har du vært leder i kulturskolen?")
    assert _table_rows(years)[:5] == [(label, str(n), f"{round(100 * n / 135)} %") for label, n in YEARS]
    assert "<svg" in years and 'role="img"' in years
    framework = _section(html, "4. Hvilken ledertematikk som aktualiseres")
    assert [row[:2] for row in _table_rows(framework)[:7]] == [(label, str(n)) for label, n in FRAMEWORK]
    # Five "Annet" answers: exactly the minimum, so they are listed.
    assert "Skrevet under «Annet»" in framework and "Lokal læreplan" in framework
    # Three "Annet" answers to question 3: too few to show.
    themes = _section(html, "3. Hvilke tema innen ledelse")
    assert "Mentorordning for nye ledere" not in html
    assert "For få svar til å vises." in themes.split("Skrevet under «Annet»")[1][:200]
    # Broken down by the years-as-leader band: the band of 11 is big enough, every band is shown.
    assert "Fordelt på «Hvor lenge har du vært leder i kulturskolen?»" in framework
    assert "n = 11" in framework and "n = 56" in framework


def test_the_seeded_answers_match_the_seed_exactly_in_the_database(app):
    survey_id = _seeded_survey_id(app)
    with app.app_context():
        survey = results_module().load_survey(survey_id)
        r = results_module().results(survey)
        assert r.responses == 135
        by_key = {q.question.key: q for q in r.questions}
        assert [(d.label, d.value) for d in by_key["years_as_leader"].rows] == YEARS
        assert [(d.label, d.value) for d in by_key["framework_themes"].rows] == FRAMEWORK
        assert all(q.answered == 135 for q in r.questions)  # everyone answered every question
        assert by_key["framework_themes"].text_count == 5
        db.session.remove()


def results_module():
    from app.surveys import results

    return results


def _answers(survey: Survey, n: int, *, band: str = "Under 4 år", overall: int = 4, recommend: int | None = None,
             themes=("Økonomi",), comment: str | None = None, day: date = date(2027, 4, 20)):
    q, bands, theme_ids = question_ids(survey), option_ids(survey, "band"), option_ids(survey, "themes")
    items = []
    for i in range(n):
        c = Cleaned([(q["band"], bands[band], None, None), (q["overall"], None, overall, None)])
        if recommend is not None:
            c.answers.append((q["recommend"], None, recommend, None))
        c.answers.extend((q["themes"], theme_ids[t], None, None) for t in themes)
        if comment:
            c.answers.append((q["comment"], None, None, f"{comment} {i}"))
        items.append((day, c))
    answering.record_responses(survey.id, items)
    db.session.commit()


def test_a_survey_with_three_answers_hides_its_breakdowns_and_charts(app, client, make, organiser):
    event = make.event()
    with app.app_context():
        survey = small_survey(event.id)
        _answers(survey, 3, comment="Bra")
        survey_id = survey.id
        db.session.remove()
    html = client.get(f"/admin/surveys/{survey_id}/results").get_data(as_text=True)
    assert 'id="answer-count"' not in html  # not «3 svar» next to nothing shown
    assert "3 svar vises når det er minst 5, for å verne anonymiteten." in html
    assert "For få svar til å vises." in html
    assert "<svg" not in html and "Fordelt på" not in html and "Bra 0" not in html
    csv_text = client.get(f"/admin/surveys/{survey_id}/results.csv").get_data(as_text=True)
    assert "for få svar til å vises" in csv_text and "Bra 0" not in csv_text


def test_scales_recommendation_breakdown_and_small_bands(app, client, make, organiser):
    event = make.event()
    with app.app_context():
        survey = small_survey(event.id)
        _answers(survey, 6, band="Under 4 år", overall=5, recommend=10, themes=("Økonomi", "Personalledelse"))
        _answers(survey, 2, band="Under 4 år", overall=2, recommend=6, themes=("Økonomi",))
        _answers(survey, 2, band="4 år eller mer", overall=3, recommend=8, comment="Kortere dager")
        survey_id = survey.id
        db.session.remove()
    html = client.get(f"/admin/surveys/{survey_id}/results").get_data(as_text=True)
    overall = _section(html, "2. Hvor fornøyd er du alt i alt?")
    assert _table_rows(overall)[:5] == [("1 – Svært misfornøyd", "0", "0 %"), ("2", "2", "20 %"),
                                        ("3", "2", "20 %"), ("4", "0", "0 %"), ("5 – Svært fornøyd", "6", "60 %")]
    assert "<strong>Snitt:</strong> 4,00 av 5" in overall  # (6·5 + 2·2 + 2·3) / 10
    recommend = _section(html, "3. Vil du anbefale konferansen?")
    assert "<strong>Anbefalingsscore (NPS):</strong> +40" in recommend  # 60 % promoters − 20 % detractors
    themes = _section(html, "4. Hvilke tema ønsker du deg?")
    assert _table_rows(themes)[:2] == [("Personalledelse", "6", "60 %"), ("Økonomi", "10", "100 %")]
    # Band "4 år eller mer" has two respondents: its column says so and shows no numbers.
    breakdown = overall.split("Fordelt på")[1]
    assert "n = 8" in breakdown and breakdown.count("for få svar til å vises") == 1
    assert ("5 – Svært fornøyd", "6 (75 %)", "–") in _table_rows(breakdown)
    assert ("Snitt", "4,25", "–") in _table_rows(breakdown)
    # Two free-text answers: hidden.
    assert "Kortere dager" not in html


def test_session_ratings_side_by_side_only_with_enough_ratings(app, client, make, organiser):
    event = make.event()
    big = make.session(event, title="Plenum: Brobyggende ledelse")
    small = make.session(event, title="Verksted: Budsjett", kind=SessionKind.WORKSHOP)
    with app.app_context():
        survey = small_survey(event.id)
        sessions_q = question_ids(survey)["sessions"]
        items = [(date(2027, 4, 20), Cleaned([], [(sessions_q, big.id, 4 + i % 2)])) for i in range(6)]
        items += [(date(2027, 4, 20), Cleaned([], [(sessions_q, small.id, 1)])) for _ in range(2)]
        answering.record_responses(survey.id, items)
        db.session.commit()
        survey_id = survey.id
        db.session.remove()
    html = client.get(f"/admin/surveys/{survey_id}/results").get_data(as_text=True)
    block = _section(html, "5. Hvordan var øktene?")
    assert _table_rows(block) == [("Plenum: Brobyggende ledelse", "4,50", "6", "0", "0", "0", "3", "3")]
    assert "Plenum: Brobyggende ledelse" in block.split("<svg")[1] and "4,5 (n = 6)" in block
    assert "For få svar til å vises: Verksted: Budsjett" in " ".join(block.split())


def test_comparison_with_the_same_survey_of_an_earlier_event(app, client, make, organiser):
    e2026 = make.event(slug="lederkonferansen-2026x", title="Lederkonferansen 2026")
    e2027 = make.event(slug="lederkonferansen-2027x", title="Lederkonferansen 2027",
                       starts_at=e2026.starts_at.replace(year=e2026.starts_at.year + 1))
    with app.app_context():
        old = small_survey(e2026.id)
        with transaction():
            new = builder.create_survey(e2027.id, title="Evaluering 2027", source_id=old.id)
        assert new.series_key == builder.get_survey(old.id).series_key
        _answers(builder.get_survey(old.id), 10, overall=3, themes=("Økonomi",))
        _answers(new, 5, overall=5, themes=("Økonomi", "Personalledelse"))
        _answers(new, 5, overall=4, themes=("Personalledelse",))
        new_id, old_id = new.id, old.id
        db.session.remove()
    html = client.get(f"/admin/surveys/{new_id}/results").get_data(as_text=True)
    assert f'<option value="{old_id}" selected>Lederkonferansen 2026: Evaluering</option>' in html
    themes = _section(html, "4. Hvilke tema ønsker du deg?").split("Sammenlignet med Lederkonferansen 2026")[1]
    assert _table_rows(themes) == [("Personalledelse", "0 %", "100 %", "+100 prosentpoeng"),
                                   ("Økonomi", "100 %", "50 %", "-50 prosentpoeng"), ("Annet", "0 %", "0 %", "+0 prosentpoeng")]
    overall = _section(html, "2. Hvor fornøyd er du alt i alt?").split("Sammenlignet med")[1]
    assert ("Snitt", "3,00", "4,50", "+1,50") in _table_rows(overall)
    none = client.get(f"/admin/surveys/{new_id}/results?compare=none").get_data(as_text=True)
    assert "Sammenlignet med" not in none
    csv_text = client.get(f"/admin/surveys/{new_id}/results.csv").get_data(as_text=True)
    assert "Sammenligning" in csv_text and "Lederkonferansen 2026;Lederkonferansen 2027" in csv_text
    pdf = pypdfium2.PdfDocument(client.get(f"/admin/surveys/{new_id}/results.pdf").data)
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    assert "Sammenlignet med Lederkonferansen 2026" in text and "Personalledelse 0 % 100 % +100" in text


def test_exports_csv_for_norwegian_excel_xlsx_and_pdf(app, client, organiser):
    survey_id = _seeded_survey_id(app)
    response = client.get(f"/admin/surveys/{survey_id}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert ["Antall svar", "", "135", "", ""] in rows
    assert ["1. Hvor lenge har du vært leder i kulturskolen?", "Mer enn 10 år", "56", "41 %", ""] in rows
    assert ["Etter lederår"] in rows

    xlsx = client.get(f"/admin/surveys/{survey_id}/results.xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["Oversikt", "Fritekst", "Etter lederår"]
    values = [tuple(r) for r in book["Oversikt"].iter_rows(values_only=True)]
    assert ("4. Hvilken ledertematikk som aktualiseres av temaene som er tillagt vekt i ny rammeplan er det "
            "viktigst for deg at du får oppdatert deg på?", "Å lede kunnskapsmedarbeidere i omstilling", 74, "55 %",
            None) in values

    pdf = client.get(f"/admin/surveys/{survey_id}/results.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(pdf.data)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Lederundersøkelsen 2025" in text and "Antall svar: 135" in text
    assert "Mindre enn 1 år" in text and "56 (41 %)" in text and "74 (55 %)" in text
    assert b"DejaVuSans" in pdf.data


def test_results_take_a_bounded_number_of_queries(app, make):
    event = make.event()
    with app.app_context():
        survey = small_survey(event.id)
        _answers(survey, 10, comment="Hei")
        survey_id = survey.id
        db.session.remove()

    def run():
        with app.app_context():
            r = results_module().results(results_module().load_survey(survey_id))
            db.session.remove()
            return r

    with count_queries(app) as few:
        run()
    with app.app_context():
        _answers(builder.get_survey(survey_id), 300, band="4 år eller mer", comment="Hallo")
        db.session.remove()
    with count_queries(app) as many:
        r = run()
    assert r.responses == 310
    assert len(many) == len(few) <= 25


def test_unknown_survey_or_question_is_404(client, organiser):
    assert client.get("/admin/surveys/999/results").status_code == 404
    assert client.get("/admin/surveys/999").status_code == 404
    assert client.get("/admin/surveys/999/results.pdf").status_code == 404
    assert client.get("/admin/surveys/abc").status_code == 404
    assert client.get("/admin/events/no-such-event/surveys").status_code == 404


def test_seed_adds_the_survey_once(app):
    with app.app_context():
        first = seed_all()
        assert (first["survey templates"], first["surveys"], first["survey answers"]) == (2, 1, 135)
        assert seed_all() == {}
        lk26 = db.session.scalar(select(Event).where(Event.slug == "lederkonferansen-2026"))
        assert [s.title for s in builder.surveys_of(lk26.id)] == ["Lederundersøkelsen 2025"]
        db.session.remove()


# --- the seed's invented figures are marked as example figures (issue 15, item 12) ----------------------

INVENTED = ("2. Hva er de største utfordringene", "3. Hvilke tema innen ledelse")


def _question_heading(html: str, number: int) -> str:
    return re.search(rf'<h3 id="rq-\d+">{number}\. .*?</h3>', html).group(0)


def test_the_seeds_invented_figures_are_marked_as_example_figures_on_the_page(app, client, organiser):
    survey_id = _seeded_survey_id(app)
    html = client.get(f"/admin/surveys/{survey_id}/results").get_data(as_text=True)
    assert "De er ikke ekte svar." in html
    mark = '<span class="example-mark">Eksempeltall</span>'
    # Questions 6 and 7 of the presentation (2 and 3 here): invented counts. 1 and 9 (1 and 4): published.
    assert [mark in _question_heading(html, n) for n in (1, 2, 3, 4)] == [False, True, True, False]
    framework = _section(html, "4. Hvilken ledertematikk som aktualiseres")
    annet, breakdown = framework.split("Skrevet under «Annet»")[1].split("Fordelt på «")
    assert '<span class="example-mark">Eksempeltekster</span>' in annet[:200] and "Lokal læreplan" in annet
    assert mark in breakdown[:200]  # the presentation publishes totals only: every breakdown is invented
    for heading in INVENTED:
        assert mark in _section(html, heading).split("Fordelt på «")[1][:200]


def test_the_example_marks_reach_the_csv_xlsx_and_pdf(app, client, organiser, tmp_path):
    survey_id = _seeded_survey_id(app)
    rows = list(csv.reader(io.StringIO(client.get(f"/admin/surveys/{survey_id}/results.csv").data.decode("utf-8-sig")),
                           delimiter=";"))
    sections, current = {}, None
    for row in rows:
        if len(row) == 1:
            current = row[0]
            sections[current] = []
        elif row and current:
            sections[current].append(row)
    summary = sections["Oversikt"][1:]
    assert {row[-1] for row in summary if row[0].startswith(INVENTED)} == {"Eksempeltall"}
    assert {row[-1] for row in summary if row[0].startswith(("1. ", "4. ", "Antall svar"))} == {""}
    assert sections["Fritekst"][0][-1] == "Merknad"
    assert {row[-1] for row in sections["Fritekst"][1:] if row[1] != "for få svar til å vises"} == {"Eksempeltekster"}
    assert {row[-1] for row in sections["Etter lederår"][1:]} == {"Eksempeltall"}

    book = load_workbook(io.BytesIO(client.get(f"/admin/surveys/{survey_id}/results.xlsx").data))
    sheet = [tuple(r) for r in book["Oversikt"].iter_rows(values_only=True)]
    assert sheet[0][-1] == "Merknad"
    assert {r[-1] for r in sheet if str(r[0]).startswith(INVENTED)} == {"Eksempeltall"}
    assert {r[-1] for r in sheet if str(r[0]).startswith("1. ")} == {None}

    pdf = client.get(f"/admin/surveys/{survey_id}/results.pdf").data
    document = pypdfium2.PdfDocument(pdf)
    text = " ".join(" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document)))
    assert "er laget for å vise hvordan resultatene ser ut. De er ikke ekte svar." in text
    # Questions 2 and 3, and the three breakdowns.
    assert text.count("Eksempeltall: ikke ekte svar") == 5
    assert text.count("«Annet»: eksempeltekster, ikke ekte svar") == 2  # question 3's three texts are not shown
    first = document[0].render(scale=1.5).to_pil()
    first.save(tmp_path / "page1.png")
    assert first.size[0] > 800


def test_the_seeded_2025_survey_is_dated_in_2025(app):
    survey_id = _seeded_survey_id(app)
    with app.app_context():
        from app.core import clock
        from app.models import SurveyResponse

        survey = db.session.get(Survey, survey_id)
        assert (clock.oslo(survey.opens_at).year, clock.oslo(survey.closes_at).year) == (2025, 2025)
        days = db.session.scalars(select(SurveyResponse.answered_on).where(SurveyResponse.survey_id == survey_id)).all()
        assert len(days) == 135 and {d.year for d in days} == {2025}
        db.session.remove()


def test_seeding_again_corrects_a_database_seeded_before_the_marks_and_stays_idempotent(app):
    from datetime import timedelta

    from app.core.clock import parse_local
    from app.models import SurveyQuestion, SurveyResponse

    survey_id = _seeded_survey_id(app)
    with app.app_context():
        # What the old seed left: no marks, April 2026, answer days from 9 April 2026.
        survey = db.session.get(Survey, survey_id)
        for q in survey.questions:
            q.example_counts = q.example_texts = q.example_breakdown = False
        survey.opens_at, survey.closes_at = parse_local("2026-04-09T16:00"), parse_local("2026-04-30T23:59")
        shift = date(2026, 4, 9) - date(2025, 9, 1)
        for response in db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id)):
            response.answered_on += shift
        db.session.commit()
        before = sorted(db.session.scalars(select(SurveyResponse.answered_on)))

        assert seed_all() == {"corrected surveys": 1}
        marks = {q.key: (q.example_counts, q.example_texts, q.example_breakdown) for q in db.session.scalars(
            select(SurveyQuestion).where(SurveyQuestion.survey_id == survey_id))}
        assert marks == {"years_as_leader": (False, False, False), "greatest_challenges": (True, True, True),
                         "leadership_themes": (True, True, True), "framework_themes": (False, True, True)}
        survey = db.session.get(Survey, survey_id)
        assert survey.opens_at == parse_local("2025-09-01T09:00")
        assert sorted(db.session.scalars(select(SurveyResponse.answered_on))) == [d - shift for d in before]
        assert seed_all() == {}

        # Dates an organiser chose are hers: only the marks are the seed's to correct.
        survey.opens_at = parse_local("2026-05-01T09:00")
        survey.questions[1].example_counts = False
        db.session.commit()
        assert seed_all() == {"corrected surveys": 1}
        assert survey.opens_at == parse_local("2026-05-01T09:00") and survey.questions[1].example_counts
        assert seed_all() == {}
        assert timedelta(0) < shift
        db.session.remove()


def test_a_copy_of_the_seeded_survey_has_real_answers_only_but_its_comparison_is_marked(app, make):
    survey_id = _seeded_survey_id(app)
    with app.app_context():
        lk27 = db.session.scalar(select(Event).where(Event.slug == "lederkonferansen-2027"))
        with transaction():
            copy = builder.create_survey(lk27.id, title="Lederundersøkelsen 2027", source_id=survey_id)
        assert not any(q.example_counts or q.example_texts or q.example_breakdown for q in copy.questions)
        r = results_module().results(results_module().load_survey(copy.id), compare_id=survey_id)
        by_key = {q.question.key: q for q in r.questions}
        assert not by_key["greatest_challenges"].example_counts
        assert by_key["greatest_challenges"].comparison.example  # the other side's counts are invented
        assert not by_key["years_as_leader"].comparison.example
        db.session.remove()
