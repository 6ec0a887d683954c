"""Geometry of the statistics page's SVG charts, drawn on the server.

The templates draw what these functions measure; every chart also has a
table with the same numbers, so the SVG is hidden from screen readers.
"""

import math

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .text import persian_digits

# Narrow enough that a phone shows the SVG at nearly its own size, so its
# 13px text stays readable.
WIDTH = 420
ROW = 28
BAR = 18
LABEL = 160
NUMBER = 36


def _digits(value):
    return persian_digits(value) if translation.get_language() == "fa" else str(value)


def _name(row):
    key = "name_fa" if translation.get_language() == "fa" else "name_en"
    return row.get(key) or row.get("name_en")


def bars(rows, rtl=False, colour="#0b5cad"):
    """Horizontal bars: label, bar, number; mirrored for right-to-left pages."""
    top = max([row["count"] for row in rows] + [1])
    span = WIDTH - LABEL - NUMBER
    drawn = []
    for i, row in enumerate(rows):
        length = round(span * row["count"] / top, 1)
        y = i * ROW
        if rtl:
            label_x, bar_x, number_x = WIDTH, WIDTH - LABEL - length, WIDTH - LABEL - length - 6
        else:
            label_x, bar_x, number_x = 0, LABEL, LABEL + length + 6
        drawn.append(
            {
                "label": row["label"],
                "count": _digits(row["count"]),
                "y": y,
                "text_y": y + BAR * 0.75,
                "label_x": label_x,
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


def columns(rows, rtl=False, colour="#0b5cad"):
    """A timeline of vertical columns, read from right to left on RTL pages."""
    height, axis = 180, 24
    top = max([row["count"] for row in rows] + [1])
    step = WIDTH / max(len(rows), 1)
    # Room for each shown label: a Persian year is four digits, an English
    # label like 1994–95 is seven characters.
    label_width = 34 if translation.get_language() == "fa" else 52
    every = max(1, math.ceil(len(rows) * label_width / WIDTH))
    drawn = []
    for i, row in enumerate(rows):
        length = round((height - axis - 16) * row["count"] / top, 1)
        slot = (len(rows) - 1 - i) if rtl else i
        x = round(slot * step + step * 0.15, 1)
        drawn.append(
            {
                "label": row["label"],
                "count": _digits(row["count"]) if row["count"] else "",
                "x": x,
                "width": round(step * 0.7, 1),
                "y": height - axis - length,
                "height": length,
                "middle": round(x + step * 0.35, 1),
                "show_label": i % every == 0,
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


def statistics_charts(figures, rtl=False):
    """The charts of the statistics page, each with its caption and the rows
    of its accessible table."""
    fa = translation.get_language() == "fa"

    def named(rows):
        return [{"label": _name(row), "count": row["count"]} for row in rows]

    administrations = [
        {"label": _name(row), "count": row["count"]} for row in figures["by_administration"] if row["count"]
    ]
    if figures["undated"]:
        administrations.append({"label": str(_("undated")), "count": figures["undated"]})
    years = [
        {"label": _digits(row["year"]) if fa else _gregorian_span(row["start"]), "count": row["count"]}
        for row in figures["by_year"]
    ]
    charts = [
        ("administration", _("By presidential administration"), administrations, bars),
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
            "table": [{"label": r["label"], "count": _digits(r["count"])} for r in rows],
        }
        for key, caption, rows, draw in charts
    ]
