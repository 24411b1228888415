"""Hypothesis strategies for what people (and scripts) type: any Unicode text, NUL bytes, right-to-left text,
emoji, Sami letters, 10 kB strings, markup and SQL, numbers that are too large, and the wrong JSON types."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Examples are moderate so the suite stays fast; the world is built once per test, not per example. New examples
# on every local run; in CI (CI=true) the same ones every time, so a merge is not failed by chance.
# HYPOTHESIS_EXAMPLES=500 for a longer hunt.
IN_CI = bool(os.environ.get("CI"))
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=IN_CI, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])

SPECIAL = [
    "", " ", "\t", "\x00", "Kari\x00Nordmann", "\u202eKari Nordmann\u202c", "\u200f\u200e\u200b", "שלום עולם",
    "مرحبا بالعالم", "🎉👩‍👩‍👧‍👦🇳🇴", "Áltá Čáhcesuolu Đuottar Ŋuorra Ŧ Šiellat Žiebmat", "Ǩ ǯ Ǧ Ȟ ɑ",
    "Ævar Øystein Åsheim", "'; DROP TABLE registrations; --", "<script>alert(1)</script>", "{{ 7*7 }}",
    "%(name)s %s %n", "\r\n\r\n", "a\rb\nc\r\nd", "-1", "0", "2147483648", "99999999999999999999999", "1e309", "NaN",
    "x" * 10_240, "ø" * 5_000, "🎉" * 2_600, "a" * 254 + "@example.org",
]

# Any text that can be sent as UTF-8 (lone surrogates cannot), the special cases, and long runs of a character.
text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=120),
    st.builds(lambda ch, n: ch * n, st.characters(exclude_categories=("Cs",)), st.integers(1_000, 10_240)),
)

# A form field: one value or the same name repeated.
form_value = st.one_of(text, st.lists(text, min_size=0, max_size=3))

# JSON values of every type, including numbers PostgreSQL's integer cannot hold.
json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**31 - 5, max_value=2**63 + 5),
    st.floats(allow_nan=False, allow_infinity=False), text,
)


def _containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3))


json_value = st.recursive(json_scalar, _containers, max_leaves=6)
