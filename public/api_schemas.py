"""What the API's OpenAPI document says about it: the shapes of its
answers (the open data's own columns, types and descriptions) and its query
parameters (the filter form's own fields)."""

import datetime
from typing import Dict, List, Optional

from django.conf import settings
from django.forms import ChoiceField, ModelChoiceField
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, create_model

from . import datapackage, opendata, opendata_sources
from .filters import AgreementFilterForm

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
PYTHON_TYPES = {"integer": int, "number": float, "boolean": bool, "date": datetime.date, "string": str}


def _record_fields(columns, types, id_lists=()):
    """Pydantic fields of open data's columns; `id_lists` are lists of ids in
    JSON (CSV and XLSX join them with "; ")."""
    fields = {}
    for name, description in columns:
        type_, constraints, *_format = types.get(name, ("string", {}))
        python = PYTHON_TYPES[type_]
        required = constraints.get("required")
        field = Field(... if required else None, description=str(description))
        fields[name] = (python if required else Optional[python], field)
    for name in id_lists:
        fields[name] = (List[int], Field(description=fields[name][1].description))
    return fields


with translation.override("en"):
    AgreementRecord = create_model(
        "Agreement", __base__=Schema, **_record_fields(opendata.COLUMNS, datapackage.AGREEMENT_TYPES, id_lists=["sources"])
    )
    PARTNER_TYPES = {name: (type_, constraints) for name, type_, _t, _d, constraints in datapackage.PARTNER_FIELDS}
    PartnerRecord = create_model(
        "Partner", __base__=Schema,
        **_record_fields([(n, d[0]) for n, _ty, _t, d, _c in datapackage.PARTNER_FIELDS], PARTNER_TYPES),
    )
    STATUS_TYPES = {name: (type_, constraints) for name, type_, _t, _d, constraints in datapackage.STATUS_CHANGE_FIELDS}
    StatusChangeRecord = create_model(
        "StatusChange", __base__=Schema,
        **_record_fields([(n, d[0]) for n, _ty, _t, d, _c in datapackage.STATUS_CHANGE_FIELDS], STATUS_TYPES),
    )


class ActivityRecord(Schema):
    date: datetime.date = Field(description="ISO 8601; the first day of the month or year when only that is known.")
    date_jalali: str = Field(description="The date in the Jalali calendar, to its precision.")
    precision: str = Field(description="day, month or year.")
    kind: str = Field(description="visit, event, project, meeting, correspondence or other.")
    description_fa: Optional[str] = None
    description_en: Optional[str] = None


class DocumentRecord(Schema):
    title: str
    language: str = Field(description="fa, en or other.")
    url: str = Field(description="Where to download the scan.")


with translation.override("en"):
    SourceRecord = create_model(
        "Source", __base__=Schema,
        **_record_fields(opendata_sources.SOURCE_COLUMNS, {name: datapackage.SOURCE_TYPES.get(name, ("string", {}))
                                                           for name, _d in opendata_sources.SOURCE_COLUMNS},
                         id_lists=["agreements"]),
    )


class AgreementDetail(AgreementRecord):
    status_history: List[StatusChangeRecord] = Field(description="Oldest first.")
    activities: List[ActivityRecord] = Field(description="Newest first.")
    documents: List[DocumentRecord] = Field(description="Public scans only.")
    sources: List[SourceRecord] = Field(description="The sources cited for it, as the sources table lists them.")


class AgreementPage(Schema):
    count: int = Field(description="How many agreements the filters select, on every page: /data/agreements.json's count.")
    next: Optional[str] = Field(description="The next page's address; null on the last page.")
    results: List[AgreementRecord]


class PartnerPage(Schema):
    count: int
    next: Optional[str]
    results: List[PartnerRecord]


class PartnerDetail(PartnerRecord):
    agreement_list: List[AgreementRecord] = Field(description="Its public agreements, oldest first.")


class Errors(Schema):
    error: str
    errors: Dict[str, List[str]] = Field(description="The messages, by parameter.")


class NotFound(Schema):
    detail: str


def filter_fields():
    """(name, form field) of the filters the API takes: the list's form's own,
    as declared (read when the URLs load, so never from the database)."""
    return [(name, field) for name, field in AgreementFilterForm.base_fields.items() if name != "page"]


def value_note(name):
    """What a field's label leaves unsaid about the value the API takes."""
    return {
        "q": _("Words to find in titles, signatories, partner and country names, however they are spelt."),
        "country": _("An ISO 3166-1 alpha-2 code, such as RU."),
        "administration": _("The administration's code, such as khatami; /api/v1/statistics lists them."),
        "year_to": _("A Jalali or a Gregorian year, as for year_from."),
        "series": _("A series of periods to group by, such as presidency or mayor, once it has periods."),
    }.get(name, "")


def form_parameters():
    """The filters' OpenAPI parameters, from the filter form's own fields."""
    parameters = []
    with translation.override("en"):
        for name, form_field in filter_fields():
            schema = {"type": "string"}
            if isinstance(form_field, ChoiceField) and not isinstance(form_field, ModelChoiceField):
                # A series is offered once it has periods: its choices come from the database.
                values = [value for value, _label in form_field.choices if value]
                if values:
                    schema["enum"] = values
            notes = [str(form_field.label), strip_tags(str(form_field.help_text)), str(value_note(name))]
            description = ". ".join(note.rstrip(".") for note in notes if note) + "."
            parameters.append({"name": name, "in": "query", "required": False, "description": description, "schema": schema})
    return parameters


def language_parameter():
    return {
        "name": "lang", "in": "query", "required": False,
        "schema": {"type": "string", "enum": list(dict(settings.LANGUAGES)), "default": settings.LANGUAGE_CODE},
        "description": "The language whose names the partner and country sorts follow (Persian alphabetical order by default).",
    }


def pages_parameters():
    return [
        {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Where the page starts: the `next` address's cursor. Omitted for the first page."},
        {"name": "limit", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
         "description": "Records per page."},
    ]


FILTERS_NOTE = (
    "Filters, search and sort are those of the public list and of /data/agreements.json, with the same "
    "meanings: years and dates may be Jalali or Gregorian, in Persian or Latin digits. An invalid filter "
    "gets a 400 that says which one."
)
