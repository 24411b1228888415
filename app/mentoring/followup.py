"""«Har dere møttes?»: about three months after a pair is approved, each of the two gets one short question by
e-mail (ja / nei / planlagt) with their own link (app/core/tokens.py: salt and digest, nothing guessable). The
link opens a page; the answer is stored by its POST (CSRF-protected), never by the GET. The organiser sees only
the counts, and only from K answers (k-anonymity): `summary`.

`send_due` is run by `flask mentoring send-followups` (cron, like the reminders): each question goes once — the
row per pair and person is unique, and a second run at the same moment skips what the first one took."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import clock, tokens
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import texts
from app.models import FollowupAnswer, MentoringFollowup, MentorPair, PairStatus

AFTER = timedelta(days=90)  # «etter tre måneder»
K = 5  # the fewest answers the organiser sees counts of
PURPOSE = "mentoring-followup"


@dataclass(frozen=True)
class Summary:
    sent: int
    answered: int
    counts: dict[FollowupAnswer, int] | None  # None: fewer than K answers, nothing shown


def token_of(followup: MentoringFollowup) -> str:
    return tokens.derive(PURPOSE, followup.token_salt)


def by_token(token: str) -> MentoringFollowup | None:
    return db.session.scalar(select(MentoringFollowup).where(MentoringFollowup.token_hash == tokens.digest(token)))


def due_pairs() -> list[MentorPair]:
    """Approved pairs, approved at least AFTER ago, not asked yet."""
    asked = select(MentoringFollowup.pair_id)
    return list(db.session.scalars(select(MentorPair).where(
        MentorPair.status == PairStatus.APPROVED, MentorPair.approved_at <= clock.now() - AFTER,
        MentorPair.id.not_in(asked)).order_by(MentorPair.id)))


def send_due() -> int:
    """Queue the due questions; how many. Both of a pair are asked (a withdrawn one is not)."""
    from app.mentoring.service import queue_to

    sent = 0
    for pair in due_pairs():
        rows = []
        try:
            with db.session.begin_nested():
                for profile in (pair.mentee, pair.mentor):
                    if profile.withdrawn_at is None:
                        salt = tokens.new_salt()
                        row = MentoringFollowup(pair_id=pair.id, profile_id=profile.id, token_salt=salt,
                                                token_hash=tokens.digest(tokens.derive(PURPOSE, salt)))
                        db.session.add(row)
                        rows.append(row)
        except IntegrityError:  # another run asked this pair a moment ago
            continue
        for row in rows:
            link = absolute_url("mentoring.followup", token=token_of(row))
            other = pair.mentor if row.profile_id == pair.mentee_id else pair.mentee
            mail = texts.write("mentoring_followup", link=link, other_person=other.leader,
                               greeting_name=row.profile.leader.full_name)
            queue_to(row.profile, kind="mentoring.followup", mail=mail, dedupe_key=f"mentoring_followup:{row.id}")
            sent += 1
    return sent



def answer(followup: MentoringFollowup, value: FollowupAnswer) -> None:
    """The answer (a new one replaces the old: people plan, then meet). Not in the audit log: who answered
    what is nobody's business but theirs."""
    followup.answer, followup.answered_at = value, clock.now()
    db.session.flush()


def summary(pair_ids: Iterable[int]) -> Summary:
    """The counts of the answers about these pairs, shown only from K answers."""
    ids = list(pair_ids)
    rows = list(db.session.scalars(select(MentoringFollowup).where(MentoringFollowup.pair_id.in_(ids)))) if ids \
        else []
    answered = [r.answer for r in rows if r.answer is not None]
    counts = Counter(answered)
    return Summary(len(rows), len(answered),
                   {a: counts.get(a, 0) for a in FollowupAnswer} if len(answered) >= K else None)
