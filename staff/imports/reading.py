"""Reading a spreadsheet file: its encoding, its rows, and its limits.

A file is measured before any row is processed: its unpacked size (an XLSX
is a zip), then, row by row, its number of rows, its longest cell and the
characters all its cells hold together. The last bound is on what the file
*means*: an XLSX's shared-strings table lets a few long strings stand for
thousands of cells, so a 90 KB file can mean hundreds of millions of
characters while every byte check passes. Cells are counted, never kept,
so measuring takes the memory of one row.
"""

import codecs
import csv
import io
import zipfile

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from registry.language import local_digits, persian_active

XLSX_SIGNATURE = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class TooLarge(ValueError):
    """A file over one of the import's limits, with the message to show."""


def grouped(number):
    """10٬000٬000 in Persian, 10,000,000 in English."""
    text = f"{number:,}"
    return local_digits(text.replace(",", "٬")) if persian_active() else text


def _zero_bytes_say(sample):
    """UTF-16 without a BOM, told by every other byte of ASCII text being zero."""
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return "utf-16-be"
    return None


def decode(data):
    """Text from the bytes of a CSV file as Persian Excel and other tools
    write it: UTF-8 with or without a BOM, UTF-16 (with a BOM, or without one
    when every other byte of ASCII text is zero) or Windows-1256."""
    if isinstance(data, str):
        return data
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16")
    encoding = _zero_bytes_say(data[:4000])
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256")


def sniff_encoding(stream):
    """The encoding decode() would choose, read from a binary stream in
    pieces: never the whole file in memory."""
    start = stream.read(4000)
    stream.seek(0)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith(UTF16_BOMS):
        return "utf-16"
    encoding = _zero_bytes_say(start)
    if encoding:
        return encoding
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while piece := stream.read(1 << 20):
            decoder.decode(piece)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1256"
    finally:
        stream.seek(0)


def iter_rows(stream):
    """Each row of a CSV or XLSX binary stream as a list of values, the
    header first, read a row at a time (openpyxl's read-only mode, the csv
    module): memory does not grow with the file."""
    if stream.read(4) == XLSX_SIGNATURE:
        stream.seek(0)
        import openpyxl

        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            for row in book.active.iter_rows(values_only=True):
                yield list(row)
        finally:
            book.close()
        return
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=sniff_encoding(stream), newline="")
    try:
        yield from csv.reader(text)
    finally:
        text.detach()


def unpacked_size(stream):
    """The bytes an XLSX (a zip) holds once unpacked, from its directory,
    before anything is unpacked; 0 for any other file."""
    if stream.read(4) != XLSX_SIGNATURE:
        stream.seek(0)
        return 0
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            return sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return 0  # reported by the reader, as any damaged file
    finally:
        stream.seek(0)


def measure(stream, max_rows=None, max_cell_chars=None, max_unpacked=None, max_total_chars=None):
    """Checks a file against the import's limits before any row is
    processed: its unpacked size (XLSX), then row by row its number of rows,
    its longest cell and the characters of all its cells together, stopping
    at the first limit passed. Returns the number of data rows; raises
    TooLarge with a message for the user."""
    if max_unpacked is not None:
        size = unpacked_size(stream)
        if size > max_unpacked:
            raise TooLarge(
                _("Unpacked, this spreadsheet is %(size)s; the largest accepted is %(limit)s. "
                  "Save it again without images or unused sheets, or split it.")
                % {"size": filesizeformat(size), "limit": filesizeformat(max_unpacked)}
            )
    rows = -1  # the header is not a row of data
    total = 0
    for values in iter_rows(stream):
        rows += 1
        if max_rows is not None and rows > max_rows:
            raise TooLarge(
                _("This file has more than %(max)s rows; the admin imports up to %(max)s at a time. "
                  "Split the file, or ask an administrator to run: manage.py import_agreements FILE")
                % {"max": local_digits(max_rows)}
            )
        for column, value in enumerate(values, start=1):
            if not isinstance(value, str):
                continue
            length = len(value)
            total += length
            if max_cell_chars is not None and length > max_cell_chars:
                raise TooLarge(
                    _("Row %(row)s, column %(column)s holds %(length)s characters; "
                      "a cell may hold up to %(max)s.")
                    % {"row": local_digits(rows + 1), "column": local_digits(column),
                       "length": local_digits(length), "max": local_digits(max_cell_chars)}
                )
        if max_total_chars is not None and total > max_total_chars:
            raise TooLarge(
                _("By row %(row)s this file already holds more than %(max)s characters of text, more "
                  "than any registry file needs (a few long texts repeated in many cells?). Nothing was "
                  "imported; remove the repeated texts, or split the file.")
                % {"row": local_digits(rows + 1), "max": grouped(max_total_chars)}
            )
    stream.seek(0)
    return max(rows, 0)
