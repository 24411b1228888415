from app.core.collation import norwegian_key


def test_norwegian_order_puts_æøå_last_and_sami_letters_with_their_base_letter():
    names = ["Ås", "Årdal", "Øygarden", "Ævre", "Kárášjohka", "Karmøy", "Aarborte", "Zeta", "Ŋuorra", "Nordmann",
             "Đávvet", "Dahl", "Öberg", "Ärlig"]
    assert sorted(names, key=norwegian_key) == [
        "Aarborte", "Dahl", "Đávvet", "Kárášjohka", "Karmøy", "Nordmann", "Ŋuorra", "Zeta", "Ärlig", "Ævre",
        "Öberg", "Øygarden", "Årdal", "Ås"]  # ä sorts as æ, ö as ø
