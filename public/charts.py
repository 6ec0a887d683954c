"""Geometry of the statistics page's SVG charts, drawn on the server.

The templates draw what these functions measure; every chart also has a
table with the same numbers, so the SVG is hidden from screen readers.
"""

from django.utils.translation import gettext_lazy as _

from registry.language import local_digits, localized, persian_active

# Narrow enough that a phone shows the SVG at nearly its own size, so its
# 13px text stays readable.
WIDTH = 420
NUMBER = 36
# Each bar sits under its own label, which so has the chart's whole width:
# long names (memorandum of understanding, a president's full name) are never
# cut short, in either language.
ROW = 46
LABEL_Y = 14
BAR_Y = 20
BAR = 18
# Room a column label needs at 13px, a gap included: a Persian year is four
# digits, an English label like 1994–95 seven characters.
YEAR_LABEL = {"fa": 40, "en": 64}
ROUND_STEPS = (1, 2, 5, 10, 20, 50, 100)


def _name(row):
    return localized(row.get("name_fa"), row.get("name_en"))


def bars(rows, rtl=False, colour="#0b5cad"):
    """Horizontal bars, each under its label with its number after it;
    mirrored for right-to-left pages."""
    top = max([row["count"] for row in rows] + [1])
    span = WIDTH - NUMBER
    drawn = []
    for i, row in enumerate(rows):
        length = round(span * row["count"] / top, 1)
        y = i * ROW
        if rtl:
            label_x, bar_x, number_x = WIDTH, WIDTH - length, WIDTH - length - 6
        else:
            label_x, bar_x, number_x = 0, 0, length + 6
        drawn.append(
            {
                "label": row["label"],
                "count": local_digits(row["count"]),
                "label_x": label_x,
                "label_y": y + LABEL_Y,
                "y": y + BAR_Y,
                "text_y": y + BAR_Y + BAR * 0.75,
                "bar_x": bar_x,
                "width": length,
                "number_x": number_x,
            }
        )
    return {
        "kind": "bars",
        "rows": drawn,
        "width": WIDTH,
        "height": max(len(rows), 1) * ROW,
        "bar": BAR,
        "colour": colour,
        "rtl": rtl,
    }


def _label_every(count, label_width):
    """How many columns apart the labels must be to keep clear of each other,
    rounded up to 1, 2, 5, 10… so that they fall on round years."""
    needed = count * label_width / WIDTH
    return next((step for step in ROUND_STEPS if step >= needed), ROUND_STEPS[-1])


def columns(rows, rtl=False, colour="#0b5cad"):
    """A timeline of vertical columns, read from right to left on RTL pages.
    Each row has a "year"; only round years are labelled when the labels
    would otherwise run together."""
    height, axis = 180, 24
    top = max([row["count"] for row in rows] + [1])
    step = WIDTH / max(len(rows), 1)
    label_width = YEAR_LABEL["fa" if persian_active() else "en"]
    every = _label_every(len(rows), label_width)
    drawn = []
    for i, row in enumerate(rows):
        length = round((height - axis - 16) * row["count"] / top, 1)
        slot = (len(rows) - 1 - i) if rtl else i
        x = round(slot * step + step * 0.15, 1)
        middle = round(x + step * 0.35, 1)
        drawn.append(
            {
                "label": row["label"],
                "count": local_digits(row["count"]) if row["count"] else "",
                "x": x,
                "width": round(step * 0.7, 1),
                "y": height - axis - length,
                "height": length,
                "middle": middle,
                "show_label": row["year"] % every == 0,
                # Centred under its column, but never past the chart's edge,
                # where a phone's screen would cut it.
                "label_x": min(max(middle, label_width / 2), WIDTH - label_width / 2),
                "label_y": height - 6,
                "number_y": height - axis - length - 4,
            }
        )
    return {
        "kind": "columns",
        "rows": drawn,
        "width": WIDTH,
        "height": height,
        "colour": colour,
        "axis_y": height - axis,
    }


def _gregorian_span(start):
    # A Jalali year runs from March to March: 1373 is 1994–95.
    year = int(start[:4])
    return f"{year}–{(year + 1) % 100:02d}"


def statistics_charts(figures, rtl=False, series=None):
    """The charts of the statistics page, each with its caption and the rows
    of its accessible table; `series`, the periods' series when not the
    presidency (the mayors'), names the first chart."""
    fa = persian_active()

    def named(rows):
        return [{"label": _name(row), "count": row["count"]} for row in rows]

    administrations = [
        {"label": _name(row), "count": row["count"]} for row in figures["by_administration"] if row["count"]
    ]
    if figures["uncertain"]:
        administrations.append({"label": str(_("uncertain")), "count": figures["uncertain"]})
    if figures["undated"]:
        administrations.append({"label": str(_("undated")), "count": figures["undated"]})
    # Labelled on round years of the reader's calendar: 1380 in Persian,
    # 2000–01 (which is 1379) in English.
    years = [
        {"label": local_digits(row["year"]), "year": row["year"], "count": row["count"]}
        if fa
        else {"label": _gregorian_span(row["start"]), "year": int(row["start"][:4]), "count": row["count"]}
        for row in figures["by_year"]
    ]
    charts = [
        ("administration", _("By period: %(series)s") % {"series": series.name} if series else
         _("By presidential administration"), administrations, bars),
        ("continent", _("By continent"), named(figures["by_continent"]), bars),
        ("year", _("By year of signing"), years, columns),
        ("instrument", _("By document type"), named(figures["by_instrument"]), bars),
        ("relationship", _("By relationship"), named(figures["by_relationship"]), bars),
        ("status", _("By current status"), named(figures["by_status"]), bars),
    ]
    return [
        {
            "key": key,
            "caption": caption,
            "rows": rows,
            "chart": draw(rows, rtl=rtl),
            "table": [{"label": r["label"], "count": local_digits(r["count"])} for r in rows],
        }
        for key, caption, rows, draw in charts
    ]
