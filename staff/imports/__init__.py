"""Spreadsheet imports as explicit plans.

A file goes through five steps, each a module:

- `reading`: bytes to rows of cells (encoding, size limits, the total of
  characters a file stands for);
- `cells`: one cell to one typed value (text, number, choice, date, yes/no),
  the same rules for every column of every import;
- `rows`: an agreement row's cells to a typed `AgreementRow`;
- `matching`: rows to the registry's partners and agreements, in a few bulk
  queries per file;
- `plan`: per row, computed without writing, what importing it would do:
  create, change these fields, append this status change, nothing, or
  refuse it and why;
- `apply`: the plan written in bulk, in the caller's transaction;
- `preview`: the plans as django-import-export's Result, for its pages.

django-import-export keeps what it is good at (file formats, the admin's
import and export pages, permissions, the confirm step): see staff/resources.py.
"""
