"""How often a signed-in speaker may upload: photos and session files share one count per speaker.

Decoding a photo costs CPU and memory even when it is refused, so the count is kept per speaker (not per
address: a conference's speakers may share one network) and every upload with a file counts."""
from __future__ import annotations

from flask_limiter import RateLimitExceeded

from app.extensions import limiter
from app.speakers import auth
from app.speakers.uploads import UploadError

UPLOAD_LIMIT = "10 per minute; 40 per hour"


def _speaker_key() -> str:
    return f"speaker:{auth.current_speaker().id}"  # only called from views behind auth.speaker_required


_uploads = limiter.shared_limit(UPLOAD_LIMIT, scope="speaker-uploads", key_func=_speaker_key)


def count_upload() -> None:
    """Count one upload by the signed-in speaker; UploadError('rate_limited') once the limit is used up (the
    route shows it on the form with status 429, and Flask-Limiter adds Retry-After)."""
    try:
        with _uploads:
            pass
    except RateLimitExceeded as exc:
        raise UploadError("rate_limited") from exc
