"""The one formula guard for every spreadsheet the registry writes.

A spreadsheet program runs a cell whose text starts with =, +, - or @ (after
any leading blanks, a TAB or a CR) as a formula: a title such as
`=HYPERLINK("http://evil.example/", "click")` in the open data would run on
the reader's machine. Every CSV and XLSX the registry writes (open data, the
admin's and the command's exports, the annual report) passes its cells
through `safe_cell`, which keeps such a text as text by prefixing a visible
apostrophe, as spreadsheet programs themselves do. Numbers stay numbers.
"""

import re

import tablib
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@")
# A cell starting with a TAB or a CR is read with the blank dropped.
BLANK_STARTS = ("\t", "\r")
PREFIX = "'"
# A signed number written as text ("-33.86") is a number, never a formula.
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


# Any other first character makes a cell safe: the quick answer for nearly every cell.
RISKY_FIRST = frozenset(FORMULA_STARTS + BLANK_STARTS)


def is_formula_like(text):
    if not text or (text[0] not in RISKY_FIRST and not text[0].isspace()):
        return False
    if text.startswith(BLANK_STARTS):
        return True
    stripped = text.lstrip()
    return stripped.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(stripped)


def safe_cell(value):
    """The value to write in a spreadsheet cell: text that a spreadsheet
    program would run as a formula gets a leading apostrophe; anything
    else (numbers, dates, other text, None) is returned as it is."""
    if isinstance(value, str) and is_formula_like(value):
        return PREFIX + value
    return value


def unguarded(text):
    """A cell read back from a file the registry wrote: the apostrophe
    safe_cell added is dropped, so an export imported again changes nothing."""
    if isinstance(text, str) and text.startswith(PREFIX) and is_formula_like(text[1:]):
        return text[1:]
    return text


def guarded(dataset):
    """A copy of a tablib Dataset with every cell through safe_cell."""
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([safe_cell(cell) for cell in row])
    return copy


class GuardedFormat:
    """A django-import-export file format whose exports pass every cell through safe_cell."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(guarded(dataset), **kwargs)


class CSV(GuardedFormat, base_formats.CSV):
    pass


class XLSX(GuardedFormat, base_formats.XLSX):
    pass
