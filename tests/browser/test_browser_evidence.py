"""Evidence as readers and staff see it in Chromium: Beijing's page in
Persian and in English, and the desk's evidence sections. With
EVIDENCE_SHOTS=<folder>, the pages are also saved as screenshots to look at.
The tests only read: the seed, the one live server and a signed-in browser
are the module's (conftest.py: `served`, `signed_in`)."""

import os
from pathlib import Path

import pytest

from registry.models import Agreement

from .conftest import in_language
from .desk import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def keep(page, name):
    folder = os.environ.get("EVIDENCE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


@pytest.mark.parametrize("language, signed, term, reference", [
    ("fa", "۱۳۹۲/۱۲/۸", "۵ سال", "منابع"),
    ("en", "2014-02-27", "5 years", "Sources"),
])
def test_beijings_page_shows_its_sources_agreeing_and_the_term_it_does_not_record(
        served, page, language, signed, term, reference):
    beijing = Agreement.objects.get(partner__name_en="Beijing")
    page.goto(f"{served.url}/{language}/agreements/{beijing.pk}/")
    evidence = page.locator(".evidence")
    signing = evidence.locator(".evidence-fact").first
    assert signed in signing.inner_text()
    assert signing.locator(".claim-agrees").count() == 3
    unrecorded = evidence.locator(".evidence-unrecorded")
    assert term in unrecorded.inner_text()
    references = page.locator("ol.references li")
    assert references.count() == 5
    assert page.locator("#references-heading").inner_text() == reference
    assert page.get_attribute("html", "dir") == ("rtl" if language == "fa" else "ltr")
    assert axe_violations(page) == []
    keep(page, f"beijing-{language}")
    if os.environ.get("EVIDENCE_SHOTS"):
        page.locator("ol.references").screenshot(path=Path(os.environ["EVIDENCE_SHOTS"]) / f"refs-{language}.png")


def test_the_desk_lists_beijings_stated_term_and_the_study_only_agreements(served, admin_page):
    page = admin_page
    in_language(page, served, "fa")
    page.goto(f"{served.url}/admin/")
    terms = page.locator(".attention-stated-terms")
    assert terms.locator("summary").inner_text().startswith("۱")
    assert "پکن" in terms.inner_text()
    study_only = page.locator(".attention-study-only summary")
    assert study_only.inner_text().startswith("۲۷")
    keep(page, "desk-fa")


def test_the_sources_list_and_beijings_claims_inline_pass_axe_in_persian(served, admin_page):
    page = admin_page
    in_language(page, served, "fa")
    beijing = Agreement.objects.get(partner__name_en="Beijing")
    for name, url in [("sources-fa", "/admin/registry/source/"), ("claims-fa", "/admin/registry/claim/"),
                      ("agreement-claims-fa", f"/admin/registry/agreement/{beijing.pk}/change/")]:
        page.goto(f"{served.url}{url}")
        assert page.get_attribute("html", "lang") == "fa"
        assert axe_violations(page) == [], url
        keep(page, name)
    assert page.locator("#claims-group tbody tr.form-row.has_original").count() == beijing.claims.count()
    if os.environ.get("EVIDENCE_SHOTS"):
        page.locator("#claims-group").screenshot(path=Path(os.environ["EVIDENCE_SHOTS"]) / "claims-inline-fa.png")
