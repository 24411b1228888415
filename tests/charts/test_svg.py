import xml.etree.ElementTree as ET

from app.charts.svg import Datum, bar_chart, column_chart, with_percentages

NS = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_valid_svg_with_title_values_and_percentages():
    data = with_percentages([("Mindre enn 1 år", 11), ("1-3 år", 26), ("Mer enn 10 år", 56)])
    root = ET.fromstring(str(bar_chart(data, title="Hvor lenge har du vært leder?")))
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text == "Hvor lenge har du vært leder?"
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts == ["Mindre enn 1 år", "11 (12 %)", "1-3 år", "26 (28 %)", "Mer enn 10 år", "56 (60 %)"]
    widths = [float(r.get("width")) for r in root.iter(f"{NS}rect")]
    assert widths[2] == max(widths) and widths[0] < widths[1] < widths[2]


def test_escapes_labels_and_handles_all_zero():
    root = ET.fromstring(str(bar_chart([Datum("<script>", 0)], title="A & B")))
    assert root.find(f"{NS}title").text == "A & B"
    assert [t.text for t in root.iter(f"{NS}text")][0] == "<script>"


def test_long_labels_are_cut_to_fit_the_label_column():
    label = "12:30 Verksted: Kunnskapsmedarbeidere i omstilling"
    root = ET.fromstring(str(bar_chart([Datum(label, 3)], title="Plasser")))
    shown = [t.text for t in root.iter(f"{NS}text")][0]
    assert shown == "12:30 Verksted: Kunnskapsmedar…"
    assert len(shown) * 8 <= 260 - 6  # room for it at 8 px a character, right of x=0


def test_column_chart_has_one_column_per_point():
    data = [Datum(f"{h:02d}:00", v) for h, v in zip(range(8, 12), [3, 10, 4, 0], strict=True)]
    root = ET.fromstring(str(column_chart(data, title="Ankomster")))
    rects = list(root.iter(f"{NS}rect"))
    assert len(rects) == 4
    assert [r.find(f"{NS}title").text for r in rects] == ["08:00: 3", "09:00: 10", "10:00: 4", "11:00: 0"]
