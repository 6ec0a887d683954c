"""A backup keeps the evidence: sources, claims, notes and their audit trail."""

import datetime
import json
import shutil

import pytest
from django.core.management import call_command

from registry.models import Claim, FactNote, Source
from tests.builders import agreement

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def evidence():
    return {
        "sources": sorted(Source.objects.values_list("pk", "kind", "title", "internal_notes", "published_on")),
        "claims": sorted(Claim.objects.values_list("pk", "agreement_id", "source_id", "fact", "value",
                                                   "value_from", "value_months")),
        "notes": sorted(FactNote.objects.values_list("pk", "agreement_id", "fact", "note_fa")),
        "history": sorted(Claim.history.values_list("history_id", "id", "value")),
    }


def test_a_restored_registry_has_its_sources_claims_and_notes_as_they_were(tmp_path, media_root):
    made = agreement(signed_on=datetime.date(2014, 2, 27))
    source = Source.objects.create(kind="news", title="A report", internal_notes="Checked",
                                   published_on=datetime.date(2014, 2, 19))
    claim = Claim.objects.create(agreement=made, source=source, fact="term", value="5 years")
    claim.value = "۵ سال"
    claim.save()
    FactNote.objects.create(agreement=made, fact="term", note_fa="بی تاریخ پایان")
    before = evidence()
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert (manifest["records"]["registry.Source"], manifest["records"]["registry.Claim"]) == (1, 1)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root, ignore_errors=True)
    call_command("restore", str(tmp_path / "backup"))
    assert evidence() == before
