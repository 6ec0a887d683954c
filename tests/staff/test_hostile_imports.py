"""Every import column under hostile values: a row is reported invalid or
imported, never an error, and the preview escapes what it shows (issue 11, finding 9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import example, given, settings, strategies as st

from registry.models import Agreement
from staff.resources import CSV, IMPORT_FORMATS, AgreementResource

from tests.builders import country, staff
from tests.hostile import hostile_text, reflected_markup
from .test_import_export import csv_text, row

pytestmark = pytest.mark.django_db

COLUMNS = [name for name in AgreementResource().get_export_headers() if name != "version"] + ["version"]
CSV_FORMAT = str([i for i, f in enumerate(IMPORT_FORMATS) if f is CSV][0])
tried = []


@pytest.fixture
def kyrgyzstan(db):
    country("KG")


# As many examples as the profile says (conftest.py), and the values that
# found an error before: an id that is not a whole number.
@given(values=st.dictionaries(st.sampled_from(COLUMNS), hostile_text, min_size=1, max_size=3))
@example(values={"id": "<b>x</b>"})
@example(values={"id": "1e308"})
@example(values={"id": str(2**63)})
def test_no_value_in_any_column_raises_an_error_in_the_import(kyrgyzstan, values):
    tried.append(values)
    text = csv_text([{**row(), **values}], headers=COLUMNS)
    result = AgreementResource().import_data(CSV().create_dataset(text.encode()), dry_run=True, file_name="hostile.csv")
    assert not result.has_errors(), [error.error for _n, errors in result.row_errors() for error in errors]
    assert Agreement.objects.count() == 0


@settings(max_examples=12)  # 4 values, in any column: a dozen tries is plenty
@given(column=st.sampled_from(COLUMNS), value=st.sampled_from(
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>bold</b>", "=HYPERLINK(\"x\")"]))
def test_the_admin_preview_never_reflects_markup_unescaped(kyrgyzstan, column, value):
    tried.append({column: value})
    client = Client()
    client.force_login(staff("editor", username=f"editor-{len(tried)}"))
    response = client.post(reverse("admin:registry_agreement_import"), {
        "format": CSV_FORMAT,
        "import_file": SimpleUploadedFile("hostile.csv", csv_text([{**row(), column: value}], headers=COLUMNS).encode()),
    })
    assert response.status_code == 200
    assert not reflected_markup(value, response.content.decode())
