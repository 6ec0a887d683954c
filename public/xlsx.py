"""A workbook of one sheet, written as a stream of bytes while its rows are
read: the open-data XLSX starts at once and never sits whole in memory or
on disk. Standard library only: the parts of a SpreadsheetML package are
fixed text but for the sheet, which is zipped as it is written.

Cells come already through the registry's cell policy (public.opendata.cell,
registry.spreadsheets): text is written as an inline string, XML-escaped;
ints and floats as numbers; None as no cell. The sheet's columns are as wide
as the policy says for their header (the rows are not read yet when the
sheet starts), its header frozen."""

import zipfile
from itertools import islice

from registry import spreadsheets

# Rows zipped between two chunks handed to the response.
BATCH = 500
# Measured on 48,000 rows: level 2 zips as fast as 1 (0.4 s) for a smaller
# file; level 6 takes 1.4 s for one an eighth smaller (8.7 MB against 10.0).
LEVEL = 2

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = HEAD + (
    f'<Relationships xmlns="{RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = HEAD + (
    f'<Relationships xmlns="{RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOCUMENT}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# A minimal stylesheet, which Excel wants all the same: one font, the two fills
# it reserves, one border, one cell format.
STYLES = HEAD + (
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
SHEET_END = "</sheetData></worksheet>"


def _sheet_start(header, right_to_left):
    """The sheet's view (the header row stays in view while the reader
    scrolls) and its column widths."""
    direction = ' rightToLeft="1"' if right_to_left else ""
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{spreadsheets.width([name])}" customWidth="1"/>'
        for n, name in enumerate(header, start=1)
    )
    return HEAD + (
        f'<worksheet xmlns="{MAIN}" xmlns:r="{DOCUMENT}">'
        f'<sheetViews><sheetView workbookViewId="0"{direction}>'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        f"</sheetView></sheetViews><cols>{cols}</cols><sheetData>"
    )


def _workbook(sheet_name):
    name = _escaped(spreadsheets.sheet_title(sheet_name)).replace('"', "&quot;")
    return HEAD + (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}">'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


class _Sink:
    """zipfile's output: a file with no tell() nor seek(), so that zipfile
    writes each entry's sizes after its data, and whose bytes the stream
    takes away after each batch."""

    def __init__(self):
        self.data = bytearray()

    def write(self, data):
        self.data += data
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = bytes(self.data)
        self.data.clear()
        return data


def _escaped(text):
    """Text as XML character data. Most cells need nothing done, and checking
    first is faster than always replacing."""
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        # A raw CR would be read back as a line feed: a summary's CRLF stays CRLF.
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return text


def _letters(index):
    """A1-style column letters of the 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _row(number, values, letters):
    cells = []
    for letter, value in zip(letters, values):
        # Text first: most cells are.
        if isinstance(value, str):
            text = _escaped(value)
            cells.append(
                f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
            )
        elif value is not None:
            # An int, or a float as its shortest text that reads back the same.
            cells.append(f'<c r="{letter}{number}"><v>{value!r}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def stream(header, rows, sheet_name="sheet", right_to_left=False):
    """The XLSX bytes of a sheet with the header row and then rows (lists of
    str, int, float or None, in the header's order), a chunk at a time: the
    first before any row is read, then one every BATCH rows."""
    letters = [_letters(index) for index in range(len(header))]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as package:
        for name, text in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELS),
            ("xl/workbook.xml", _workbook(sheet_name)),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
        ]:
            # open(), not writestr(): every entry gets the same fixed date, so
            # the same rows make the same bytes.
            with package.open(name, "w") as part:
                part.write(text.encode())
        # zip64 is needed only past 4 GB of sheet, some 1.8 million rows:
        # without it the archive stays the plain kind every reader takes.
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((_sheet_start(header, right_to_left) + _row(1, header, letters)).encode())
            yield sink.take()
            rows = iter(rows)
            number = 2
            while batch := list(islice(rows, BATCH)):
                sheet.write(
                    "".join(_row(n, values, letters) for n, values in enumerate(batch, number)).encode()
                )
                number += len(batch)
                if sink.data:
                    yield sink.take()
            sheet.write(SHEET_END.encode())
    yield sink.take()
