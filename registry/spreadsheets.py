"""The one cell policy for every spreadsheet the registry writes.

Open data (public/opendata.py, public/xlsx.py), the admin's exports, the
`export_agreements` command and the annual report (staff/reports.py) all
write their cells and sheets through this module:

- the formula guard: a spreadsheet program runs a cell whose text starts with
  =, +, - or @ (after any leading blanks, a TAB or a CR) as a formula, so a
  title such as `=HYPERLINK("http://evil.example/", "click")` would run on the
  reader's machine. `safe_cell` keeps such a text as text by prefixing a
  visible apostrophe, as spreadsheet programs themselves do; numbers stay
  numbers, and `unguarded` drops the apostrophe when a file comes back;
- XML-illegal characters: control characters (text pasted from a scan) that
  an XLSX cannot hold become U+FFFD rather than an error page;
- sheets: titles Excel accepts, right to left for Persian readers, the header
  row frozen and bold, columns as wide as their content;
- CSV in UTF-8 with a byte-order mark, so that Excel reads the Persian right.
"""

import io
import itertools
import re

import tablib
from import_export.formats import base_formats
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .language import persian_active

FORMULA_STARTS = ("=", "+", "-", "@")
# A cell starting with a TAB or a CR is read with the blank dropped.
BLANK_STARTS = ("\t", "\r")
PREFIX = "'"
# A signed number written as text ("-33.86") is a number, never a formula.
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
BOM = "\ufeff"

# A text starting with any other character is safe: one set lookup answers
# nearly every cell. The blanks are every character str.isspace() takes
# (lstrip() drops them), all of them below U+3001.
RISKY_FIRST = frozenset(FORMULA_STARTS + BLANK_STARTS) | frozenset(
    c for c in map(chr, range(0x3001)) if c.isspace()
)


def is_formula_like(text):
    if text[:1] not in RISKY_FIRST:
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


def legal(text):
    """Text an XLSX can hold: control characters become U+FFFD."""
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text)


def cell(value, xlsx=True):
    """A value as a cell of a CSV (xlsx=False) or XLSX file."""
    if value.__class__ is not str:
        return value
    if value[:1] in RISKY_FIRST and is_formula_like(value):
        value = PREFIX + value
    return legal(value) if xlsx else value


# A line feed then a risky first character, in a row's texts joined by line feeds.
_RISKY_CELL = re.compile("\n[" + "".join(sorted(map(re.escape, RISKY_FIRST))) + "]")


def cells(values, xlsx=True):
    """A row of values as cells, as cell() makes each. The row's texts are
    first looked through at once, joined by line feeds: nearly every row of
    a large file has no text to guard nor to clean, and goes out as it came
    (for a million cells, a call for each would cost more than the rest)."""
    texts = "\n" + "\n".join([value for value in values if value.__class__ is str])
    if _RISKY_CELL.search(texts) is None and not (xlsx and ILLEGAL_CHARACTERS_RE.search(texts)):
        return values
    return [cell(value, xlsx) for value in values]


def guarded(dataset, xlsx=False):
    """A copy of a tablib Dataset with every cell through the policy."""
    copy = tablib.Dataset(headers=[cell(header, xlsx) for header in dataset.headers or []] or None,
                          title=dataset.title)
    for row in dataset:
        copy.append([cell(value, xlsx) for value in row])
    return copy


SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(text):
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return " ".join(legal(str(text)).translate(SHEET_FORBIDDEN).split())[:31] or "Sheet"


def width(values, least=10, most=60):
    """A column's width in characters: its longest value, within reason."""
    longest = max((max(len(line) for line in str(v).splitlines() or [""]) for v in values if v is not None),
                  default=least)
    return min(max(longest + 2, least), most)


def rtl():
    """Sheets read right to left for a Persian reader."""
    return persian_active()


def workbook():
    """A write-only workbook: rows stream to the file, fast and flat in memory."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def add_sheet(book, title, rows, frozen_header=True, right_to_left=None):
    """A sheet of a write-only `book`, titled and oriented by the policy,
    its header frozen and its columns as wide as `rows` (the values it will
    hold, header first) need. Styles must precede rows in a write-only
    sheet, hence the rows here."""
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(sheet_title(title))
    sheet.sheet_view.rightToLeft = rtl() if right_to_left is None else right_to_left
    if frozen_header:
        sheet.freeze_panes = "A2"
    for index, column in enumerate(itertools.zip_longest(*rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width(column)
    return sheet


def styled(sheet, value, **style):
    """A cell through the policy, with openpyxl styles (font=..., alignment=...)."""
    from openpyxl.cell import WriteOnlyCell

    made = WriteOnlyCell(sheet, cell(value))
    for name, setting in style.items():
        setattr(made, name, setting)
    return made


def bold(sheet, values):
    from openpyxl.styles import Font

    font = Font(bold=True)
    return [styled(sheet, value, font=font) for value in values]


def saved(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_xlsx(headers, rows, title):
    """The XLSX bytes of one sheet: a frozen bold header, then rows."""
    rows = list(rows)
    book = workbook()
    sheet = add_sheet(book, title, [headers, *rows])
    sheet.append(bold(sheet, headers))
    for values in rows:
        sheet.append([cell(value) for value in values])
    return saved(book)


class CSV(base_formats.CSV):
    """django-import-export's CSV, through the policy, with a byte-order mark."""

    def export_data(self, dataset, **kwargs):
        return BOM + super().export_data(guarded(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    """django-import-export's XLSX, written by the policy: right to left for a
    Persian reader, header frozen, columns fitted."""

    def export_data(self, dataset, **kwargs):
        return table_xlsx(dataset.headers or [], dataset, dataset.title or "Sheet")
