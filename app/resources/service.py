"""The resource library's rules: what a resource needs, the public listing with its filters, and the
download count (one number per resource: no person, address or cookie is ever stored with it).

Services take the actor, record their audit entry and never commit (the caller's transaction). A file is
stored before the transaction (app/resources/files.py) and handed in by name; the route removes it again when
the transaction fails, and removes a replaced file after it committed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select, update

from app.audit.log import Actor, record, record_created, recording_update
from app.extensions import db
from app.mentoring.themes import THEMES
from app.models import DocumentType, Resource, ResourceAudience, ResourceKind

FIELDS = ("slug", "title", "summary", "kind", "audience", "themes", "body", "original_name")
BODY_MAX = 20_000
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t"})


class Invalid(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class NotFound(Exception):
    pass


@dataclass(frozen=True)
class ResourceDraft:
    title: str
    summary: str
    kind: str
    audience: str
    themes: tuple[str, ...]
    body: str = ""


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    file_type: DocumentType
    size_bytes: int
    original_name: str


def listing(theme: str | None = None, audience: str | None = None) -> list[Resource]:
    """Every resource, or those with `theme` and/or for `audience`; by title."""
    stmt = select(Resource).order_by(Resource.title)
    if audience in set(ResourceAudience):
        stmt = stmt.where(Resource.audience == ResourceAudience(audience))
    found = list(db.session.scalars(stmt))
    return [r for r in found if theme in r.theme_codes] if theme in THEMES else found


def by_slug(slug: str) -> Resource | None:
    return db.session.scalar(select(Resource).where(Resource.slug == slug))


def get(resource_id: int) -> Resource:
    found = db.session.get(Resource, resource_id)
    if found is None:
        raise NotFound(resource_id)
    return found


def stored_names() -> list[str]:
    """The file of every resource that has one (what pruning the upload folder keeps)."""
    return list(db.session.scalars(select(Resource.stored_name).where(Resource.stored_name.is_not(None))))


def count_download(resource_id: int) -> None:
    """One more download or read of this resource, counted in the database (no read-modify-write race)."""
    db.session.execute(update(Resource).where(Resource.id == resource_id)
                       .values(downloads=Resource.downloads + 1))


def create(draft: ResourceDraft, file: StoredFile | None, actor: Actor) -> Resource:
    _check(draft, has_file=file is not None)
    resource = Resource(slug=_free_slug(draft.title), downloads=0)
    _apply(resource, draft, file)
    record_created(actor, "resource", resource, FIELDS)
    return resource


def update_resource(resource_id: int, draft: ResourceDraft, file: StoredFile | None, actor: Actor) -> str | None:
    """Change a resource; with `file`, it replaces the one it had. Returns the replaced file's stored name (for
    the caller to remove after commit), if any."""
    resource = get(resource_id)
    _check(draft, has_file=file is not None or resource.is_file)
    replaced = resource.stored_name if file is not None else None
    with recording_update(actor, "resource", resource, FIELDS):
        _apply(resource, draft, file)
    return replaced


def delete(resource_id: int, actor: Actor) -> str | None:
    """Remove a resource; returns its file's stored name for the caller to remove after commit."""
    resource = get(resource_id)
    stored_name = resource.stored_name
    record(actor, "resource", resource.id, "delete", {"title": [resource.title, None]})
    db.session.delete(resource)
    db.session.flush()
    return stored_name


def _check(draft: ResourceDraft, *, has_file: bool) -> None:
    errors = {}
    if not draft.title.strip():
        errors["title"] = "required"
    if draft.kind not in set(ResourceKind):
        errors["kind"] = "unknown"
    if draft.audience not in set(ResourceAudience):
        errors["audience"] = "unknown"
    if any(t not in THEMES for t in draft.themes):
        errors["themes"] = "unknown"
    if len(draft.body) > BODY_MAX:
        errors["body"] = "too_long"
    elif not has_file and not draft.body.strip():
        errors["body"] = "file_or_body"
    if errors:
        raise Invalid(errors)


def _apply(resource: Resource, draft: ResourceDraft, file: StoredFile | None) -> None:
    resource.title, resource.summary = draft.title.strip(), draft.summary.strip()
    resource.kind, resource.audience = ResourceKind(draft.kind), ResourceAudience(draft.audience)
    resource.themes = ",".join(code for code in THEMES if code in draft.themes)
    resource.body = draft.body.strip()
    if file is not None:
        resource.stored_name, resource.file_type = file.stored_name, file.file_type
        resource.size_bytes, resource.original_name = file.size_bytes, file.original_name


def slug_of(title: str) -> str:
    """«Sjekkliste for de første 100 dagene» → sjekkliste-for-de-forste-100-dagene (Sami letters too)."""
    text = unicodedata.normalize("NFKD", title.lower().translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:70] or "ressurs"


def _free_slug(title: str) -> str:
    base, n = slug_of(title), 1
    slug = base
    while db.session.scalar(select(Resource.id).where(Resource.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug
