"""Guessing does not work: 10,000 random and mutated codes are all unknown, none checks anybody in."""
from __future__ import annotations

import random
import uuid

from sqlalchemy import func, select

from app.checkin import service
from app.core.tokens import ALPHABET
from app.core.transaction import transaction
from app.extensions import db
from app.models import Checkin
from tests.checkin.helpers import enrol


def _mutations(code: str, rng: random.Random) -> list[str]:
    out = []
    for i, ch in enumerate(code):  # every single-symbol substitution
        out += [code[:i] + other + code[i + 1:] for other in ALPHABET if other != ch]
    out += [code[:i] + code[i + 1] + code[i] + code[i + 2:] for i in range(len(code) - 1) if code[i] != code[i + 1]]
    out += [code[:i] + code[i + 1:] for i in range(len(code))]  # one symbol dropped
    out += [code[:i] + rng.choice(ALPHABET) + code[i:] for i in range(len(code) + 1)]  # one symbol added
    out.append(code[::-1])
    out.append(code.replace(code[0], "0"))  # a look-alike that is not in the alphabet
    return out


def test_ten_thousand_random_and_mutated_codes_are_unknown(app, make):
    rng = random.Random(5)
    event = make.event()
    people = [enrol(app, event, n) for n in range(4)]
    valid = {p.code for p in people}

    candidates: list[str] = []
    for p in people:
        candidates += _mutations(p.code, rng)
        candidates += [f"http://samling.test/b/{m}" for m in _mutations(p.code, rng)[:200]]
    while len(candidates) < 9000:
        candidates.append("".join(rng.choice(ALPHABET) for _ in range(22)))
    while len(candidates) < 10_000:
        candidates.append("".join(chr(rng.randint(32, 0x2FF)) for _ in range(rng.randint(0, 60))))
    candidates = [c for c in candidates if service.code_from_scan(c) not in valid]
    assert len(candidates) >= 10_000

    results: dict[str, int] = {}
    with app.app_context():
        where = service.Door(event.id)
        for text in candidates:
            answer = service.scan_text(where, text, nonce=uuid.uuid4().hex)
            results[answer.result.value] = results.get(answer.result.value, 0) + 1
        assert db.session.scalar(select(func.count()).select_from(Checkin)) == 0
        # …while the real codes still work.
        with transaction():
            assert {service.scan_text(where, code, nonce=uuid.uuid4().hex).result for code in valid} == {"ok"}
        db.session.remove()
    assert results == {"unknown": len(candidates)}
