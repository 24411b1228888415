"""The resource library: organisers add files and pages (bad files refused with a message, nothing kept), the
public finds them at /ressurser with filters that work without JavaScript, and each read or download adds one
to that resource's count — and nothing about who."""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest
from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.models import AuditEntry, DocumentType, EventRole, Resource, UserRole
from app.resources import files, service
from app.resources.service import ResourceDraft
from tests.clients import user_client
from tests.speakers.files import pdf


def docx() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def stored_files(app) -> list[str]:
    with app.app_context():
        root = files.path_of("x").parent
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


@pytest.fixture(autouse=True)
def own_uploads(app, tmp_path, monkeypatch):
    """A folder of this test's own, so what is left in it is what this test left."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))


@pytest.fixture
def admin(app, make):
    make.user(UserRole.ADMINISTRATOR, email="arrangor@example.org")
    return user_client(app, "arrangor@example.org")


def page(app, title, body="- [ ] Punkt én", audience="nye-ledere", themes=("personalledelse",), kind="sjekkliste"):
    with app.app_context(), transaction():
        resource = service.create(ResourceDraft(title, "Kort om den.", kind, audience, themes, body), None, SYSTEM)
        return resource.slug


def new_form(**fields):
    data = {"title": "Årshjul for rektor", "summary": "Hva skjer når.", "kind": "mal", "audience": "alle",
            "themes": ["okonomi", "juss"], "body": ""}
    data.update(fields)
    return data


def test_an_organiser_uploads_a_file_and_the_public_downloads_it(app, admin, client):
    response = admin.post("/admin/resources/new", new_form(file=(BytesIO(docx()), "Årshjul 2027.docx")),
                          content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        resource = db.session.scalar(select(Resource))
        assert (resource.slug, resource.file_type, resource.themes, resource.original_name, resource.downloads) == \
            ("arshjul-for-rektor", DocumentType.DOCX, "okonomi,juss", "Årshjul 2027.docx", 0)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "resource"))
        assert entry.action == "create"
    public = client.get("/ressurser/arshjul-for-rektor").get_data(as_text=True)
    assert "<h1>Årshjul for rektor</h1>" in public and 'href="/ressurser/arshjul-for-rektor/fil"' in public
    download = client.get("/ressurser/arshjul-for-rektor/fil")
    assert download.status_code == 200 and download.data == docx()
    assert download.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "filename*=UTF-8''arshjul-2027.docx" in download.headers["Content-Disposition"] or \
        'filename="arshjul-2027.docx"' in download.headers["Content-Disposition"]
    client.get("/ressurser/arshjul-for-rektor/fil")
    assert "Set-Cookie" not in download.headers
    with app.app_context():
        assert db.session.scalar(select(Resource.downloads)) == 2
    assert '<td class="num">2</td>' in admin.html("/admin/resources")


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"MZ\x90\x00 not a document", "virus.pdf", "Filen må være PDF, Word (docx), Excel (xlsx), PowerPoint (pptx) eller "
                                                "OpenDocument (odt, ods)."),
    (b"", "tom.pdf", "Filen er tom."),
])
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_kept(app, admin, content, name, message):
    response = admin.post("/admin/resources/new", new_form(file=(BytesIO(content), name)),
                          content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and 'value="Årshjul for rektor"' in html
    with app.app_context():
        assert db.session.scalar(select(Resource)) is None
    assert stored_files(app) == []


def test_a_file_too_large_is_refused(app, admin, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    response = admin.post("/admin/resources/new", new_form(file=(BytesIO(pdf() + b" " * 2000), "stor.pdf")),
                          content_type="multipart/form-data")
    assert response.status_code == 400 and "Filen er for stor: høyst 20 MB." in response.get_data(as_text=True)


def test_neither_file_nor_page_is_refused(app, admin):
    response = admin.post("/admin/resources/new", new_form())
    assert response.status_code == 400
    assert "Last opp en fil eller skriv innholdet som en side." in response.get_data(as_text=True)


def test_a_page_in_sanitised_markdown_and_its_reads_counted(app, admin, client):
    response = admin.post("/admin/resources/new", new_form(
        title="Sjekkliste for de første 100 dagene", kind="sjekkliste", audience="nye-ledere",
        body="## Før start\n\n- Møt **rådmannen**\n\n<script>alert(1)</script>"))
    assert response.status_code == 303
    html = client.get("/ressurser/sjekkliste-for-de-forste-100-dagene").get_data(as_text=True)
    assert "<h2>Før start</h2>" in html and "<strong>rådmannen</strong>" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    with app.app_context():
        assert db.session.scalar(select(Resource.downloads)) == 1


def test_the_public_list_filters_by_theme_and_audience_without_javascript(app, client):
    page(app, "Ny som leder: de første ukene", themes=("personalledelse",), audience="nye-ledere")
    page(app, "Budsjettprosessen i kommunen", themes=("okonomi",), audience="alle", kind="prosessbeskrivelse")
    page(app, "Rammeplanen i praksis", themes=("rammeplan", "okonomi"), audience="nye-ledere")

    def titles(query=""):
        html = client.get("/ressurser" + query).get_data(as_text=True)
        return re.findall(r'<h3><a href="/ressurser/[^"]+">([^<]+)</a></h3>', html)

    assert titles() == ["Budsjettprosessen i kommunen", "Ny som leder: de første ukene", "Rammeplanen i praksis"]
    assert titles("?tema=okonomi") == ["Budsjettprosessen i kommunen", "Rammeplanen i praksis"]
    assert titles("?for=nye-ledere") == ["Ny som leder: de første ukene", "Rammeplanen i praksis"]
    assert titles("?tema=okonomi&for=nye-ledere") == ["Rammeplanen i praksis"]
    assert titles("?tema=ukjent&for=<script>") == titles()
    html = client.get("/ressurser?tema=okonomi").get_data(as_text=True)
    assert '<label for="tema">Tema</label>' in html and '<option value="okonomi" selected>' in html
    assert "<h2 id=\"results-heading\">2 ressurser</h2>" in html
    assert client.get("/ressurser/finnes-ikke").status_code == 404
    assert client.get(f"/ressurser/{service.slug_of('Rammeplanen i praksis')}/fil").status_code == 404


def test_the_library_is_linked_from_every_public_page(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/ressurser">Ressurser</a>' in html
    assert '<a href="/ressurser?for=nye-ledere">Startpakke for nye ledere</a>' in html


def test_viewers_read_the_list_but_change_nothing(app, make):
    event = make.event()
    make.user(EventRole.VIEWER, email="les@example.org", events=[event])
    page(app, "Ny som leder: de første ukene")
    viewer = user_client(app, "les@example.org")
    html = viewer.html("/admin/resources")
    assert "Ny som leder: de første ukene" in html and "Ny ressurs" not in html
    assert viewer.get("/admin/resources/new").status_code == 403


def test_replacing_and_deleting_remove_the_old_files(app, admin):
    admin.post("/admin/resources/new", new_form(file=(BytesIO(pdf("En")), "en.pdf")),
               content_type="multipart/form-data")
    with app.app_context():
        resource_id, first = db.session.execute(select(Resource.id, Resource.stored_name)).one()
    response = admin.post(f"/admin/resources/{resource_id}", new_form(file=(BytesIO(pdf("To")), "to.pdf")),
                          content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        second = db.session.scalar(select(Resource.stored_name))
    assert stored_files(app) == [second] and second != first
    assert admin.post(f"/admin/resources/{resource_id}/delete").status_code == 200  # asks first
    assert admin.post(f"/admin/resources/{resource_id}/delete", {"confirm": "1"}).status_code == 303
    assert stored_files(app) == []
    with app.app_context():
        assert db.session.scalar(select(Resource)) is None


def test_slugs_keep_sami_and_norwegian_names_readable(ctx):
    assert service.slug_of("Čoahkkin ja ŋuvttosvuohta – Åpen dør") == "coahkkin-ja-nuvttosvuohta-apen-dor"
    assert service.slug_of("!!!") == "ressurs"
