"""What needs the staff's attention: the one list behind the admin's home
page and `manage.py attention_digest`.

Agreements past their end or review date while still shown in force, or
reaching it within the next WITHIN_DAYS days; drafts waiting for signature,
oldest first; dormant links; public agreements with no summary or no public
document; and, on evidence, facts on which sources disagree, terms a source
states with no end date or renewal recorded, and agreements resting on the
seed study alone. Each row names the agreement and says why it is listed.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry import evidence, jalali, seed
from registry.language import local_digits
from registry.models import Agreement, Claim, Document, Fact, LinkKind, Status, StatusChange

from .reports import dormant_links

WITHIN_DAYS = 90


def recorded_in_force():
    """Agreements whose latest recorded status is active: the public sees
    one whose end date has passed as lapsed, but until staff record the
    lapse (or a renewal) it needs their attention."""
    return Agreement.objects.filter(recorded_status=Status.ACTIVE)


@dataclass
class Row:
    agreement: Agreement
    note: str

    @property
    def url(self):
        return reverse("admin:registry_agreement_change", args=[self.agreement.pk])

    @property
    def label(self):
        return str(self.agreement)


@dataclass
class Section:
    key: str
    title: str
    explanation: str
    rows: list = field(default_factory=list)


def days(count):
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": local_digits(count)}


def duration(start, today):
    """How long since `start`, in the largest whole unit: «۳ سال», "5 months", "12 days"."""
    total = (today - start).days
    years, months = total // 365, total // 30
    if years:
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": local_digits(years)}
    if months:
        return ngettext("%(count)s month", "%(count)s months", months) % {"count": local_digits(months)}
    return days(total)


def _when(day, today):
    gap = (day - today).days
    if gap > 0:
        return _("%(date)s, in %(days)s") % {"date": jalali.format_date(day), "days": days(gap)}
    if gap < 0:
        return _("%(date)s, %(days)s ago") % {"date": jalali.format_date(day), "days": days(-gap)}
    return _("%(date)s, today") % {"date": jalali.format_date(day)}


def _date_rows(agreements, today, past):
    """One row per end or review date of `agreements` that falls in the
    window: past dates when `past`, else the next WITHIN_DAYS days."""
    rows = []
    for agreement in agreements:
        for day, what in ((agreement.ends_on, _("ends")), (agreement.review_on, _("to be reviewed"))):
            if day is None:
                continue
            if (day < today) if past else (today <= day <= today + datetime.timedelta(days=WITHIN_DAYS)):
                rows.append((day, Row(agreement, f"{what}: {_when(day, today)}")))
    return [row for _day, row in sorted(rows, key=lambda pair: (pair[0], pair[1].agreement.pk))]


def sections(today=None):
    """The attention list as of `today` (Tehran's date by default)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=WITHIN_DAYS)
    in_force = recorded_in_force().select_related("partner")

    dated = Q(ends_on__isnull=False) | Q(review_on__isnull=False)
    overdue = _date_rows(
        in_force.filter(dated).filter(Q(ends_on__lt=today) | Q(review_on__lt=today)), today, past=True
    )
    coming = _date_rows(
        in_force.filter(Q(ends_on__gte=today, ends_on__lte=soon) | Q(review_on__gte=today, review_on__lte=soon)),
        today,
        past=False,
    )

    drafts = []
    for agreement in (
        Agreement.objects.filter(recorded_status=Status.DRAFT)
        .select_related("partner")
        .order_by("recorded_status_on", "created_at")
    ):
        since = agreement.recorded_status_on or timezone.localtime(agreement.created_at).date()
        drafts.append(Row(agreement, _("a draft for %(time)s, since %(date)s") % {
            "time": duration(since, today), "date": jalali.format_date(since)}))

    years = settings.DORMANT_YEARS
    dormant = [
        Row(agreement, _("last activity %(date)s") % {"date": jalali.format_date(agreement.last_activity)}
            if agreement.last_activity else _("no activity recorded"))
        for agreement in dormant_links(Agreement.objects.in_force(), today + datetime.timedelta(days=1), years)
    ]

    published = Document.objects.published().filter(agreement=OuterRef("pk"))
    bare = []
    for agreement in (
        Agreement.objects.public().concluded()
        .annotate(has_document=Exists(published))
        .filter(Q(summary_fa="") | Q(has_document=False))
        .select_related("partner")
        .order_by("partner__name_fa", "pk")  # Persian collation: see issue 8 (the lead merges it)
    ):
        missing = []
        if not agreement.summary_fa:
            missing.append(_("no public summary"))
        if not agreement.has_document:
            missing.append(_("no public document"))
        bare.append(Row(agreement, " · ".join(missing)))

    return [
        Section("overdue", _("Past their end or review date, still shown in force"),
                _("End the agreement with a status change, or renew it and give its new dates."), overdue),
        Section("coming", _("End or review date within %(days)s") % {"days": days(WITHIN_DAYS)},
                _("Prepare the renewal or the review."), coming),
        Section("drafts", _("Drafts awaiting signature"),
                _("Oldest first: sign them, or record that they were abandoned."), drafts),
        Section("dormant", ngettext("Dormant links: in force, no activity for %(count)s year",
                                    "Dormant links: in force, no activity for %(count)s years", years)
                % {"count": local_digits(years)},
                _("Record the latest activity, or review whether the link still holds."), dormant),
        Section("bare", _("Public agreements without a summary or a public document"),
                _("The public page shows little: add a summary and the scanned text."), bare),
        *evidence_sections(),
    ]


def as_text(found, base_url=""):
    """The list as plain text, for the command line and the e-mail."""
    lines = []
    for section in found:
        lines.append(f"{section.title} ({local_digits(len(section.rows))})")
        for row in section.rows:
            lines.append(f"  - {row.label}: {row.note}")
            lines.append(f"    {base_url}{row.url}")
        if not section.rows:
            lines.append("  " + _("nothing"))
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- evidence (sources and claims)


def evidence_sections():
    """The desk's sections on evidence: facts on which sources disagree,
    terms stated by a source but not recorded, agreements resting on the
    seed study alone."""
    return [
        Section("disputed", _("Facts on which sources disagree"),
                _("Check the sources; record the right value, and say why in a note on the agreement."),
                disputed_facts()),
        Section("stated-terms", _("Terms stated by a source, with no end date or renewal recorded"),
                _("Record the end date the term gives, or the renewal or status change that followed it."),
                stated_terms()),
        Section("study-only", _("Agreements with no source beyond the seed study"),
                _("Find the agreement's text, the partner's page or a news report, and cite it."),
                study_only()),
    ]


def disputed_facts():
    """One row per fact whose claims contradict the record or each other
    (registry.evidence decides)."""
    claims = Claim.objects.exclude(fact=Fact.GENERAL).select_related("source", "activity")
    agreements = (
        Agreement.objects.filter(Exists(claims.filter(agreement=OuterRef("pk"))))
        .select_related("partner")
        .prefetch_related(Prefetch("claims", queryset=claims.order_by("pk")), "status_changes", "fact_notes")
        .order_by("partner__name_fa", "pk")
    )
    rows = []
    for agreement in agreements:
        history = list(agreement.status_changes.all())
        for fact in evidence.compare(agreement, agreement.claims.all(), history, agreement.fact_notes.all()):
            if not fact.differs:
                continue
            claims_said = "; ".join(
                f"{reading.source.title}: {reading.stated}" for reading in fact.readings
                # Against a recorded value, the claims that contradict it; else every claim.
                if reading.verdict != evidence.AGREES
            )
            rows.append(Row(agreement, _("%(fact)s: recorded %(recorded)s; %(claims)s") % {
                "fact": fact.label, "recorded": fact.recorded or _("nothing"), "claims": claims_said}))
    return rows


def stated_terms():
    """Agreements a source gives a term for, with no end date recorded and
    no renewal: neither an agreement that renews it nor a later "active"."""
    renewed = Agreement.objects.filter(parent=OuterRef("agreement"), parent_link=LinkKind.RENEWS)
    later = StatusChange.objects.filter(
        agreement=OuterRef("agreement"), status=Status.ACTIVE, date__gt=OuterRef("agreement__signed_on")
    )
    claims = (
        Claim.objects.filter(fact=Fact.TERM, agreement__ends_on__isnull=True)
        .exclude(Exists(renewed)).exclude(Exists(later))
        .select_related("agreement__partner", "source")
        .order_by("agreement__partner__name_fa", "agreement_id", "pk")
    )
    rows = []
    for claim in claims:
        rows.append(Row(claim.agreement, _("“%(source)s” states a term of %(term)s; no end date is recorded") % {
            "source": claim.source.title, "term": evidence.term_display(claim.value_months)}))
    return rows


def study_only():
    """Agreements with no claim from any source but the seed study (or none at all)."""
    beyond = Claim.objects.filter(agreement=OuterRef("pk")).exclude(source__in=seed.study_sources())
    cited = Claim.objects.filter(agreement=OuterRef("pk"))
    return [
        Row(agreement, _("cited by the study only") if agreement.cited else _("no source recorded"))
        for agreement in Agreement.objects.exclude(Exists(beyond))
        .annotate(cited=Exists(cited))
        .select_related("partner")
        .order_by("partner__name_fa", "pk")
    ]
