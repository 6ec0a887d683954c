"""What needs the staff's attention: the one list behind the admin's home
page and `manage.py attention_digest`.

Every section reads the status on the day by the registry's one rule
(AgreementQuerySet.with_status): agreements ended by their term that staff
have not yet renewed or recorded as ended; agreements in force past their
review date; end and review dates and scheduled status changes within the
next WITHIN_DAYS days; drafts waiting for signature, oldest first, aged from
their draft status's date; dormant links; public agreements with no summary
or no public document; and, on evidence, facts on which sources disagree,
terms a source states with no end date or renewal recorded, and agreements
resting on the seed study alone. Each row names the agreement and says why
it is listed; an agreement is listed once per reason.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry import evidence, jalali, seed
from registry.language import local_digits
from registry.models import Agreement, Claim, Document, Fact, LinkKind, Status, StatusChange, name_order

from .reports import dormant_links

WITHIN_DAYS = 90


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


def _within(day, today):
    return today <= day <= today + datetime.timedelta(days=WITHIN_DAYS)


def _coming_rows(in_force, today):
    """One row per end or review date of an agreement in force that falls in
    the next WITHIN_DAYS days, soonest first."""
    rows = []
    for agreement in in_force:
        for day, what in ((agreement.ends_on, _("ends")), (agreement.review_on, _("to be reviewed"))):
            if day is not None and _within(day, today):
                rows.append((day, agreement.pk, Row(agreement, f"{what}: {_when(day, today)}")))
    return [row for *_key, row in sorted(rows, key=lambda item: item[:2])]


def sections(today=None):
    """The attention list as of `today` (Tehran's date by default)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=WITHIN_DAYS)
    on_today = Agreement.objects.with_status(today).select_related("partner")
    in_force = Agreement.objects.in_force(today).select_related("partner")

    ended = [
        Row(agreement, _("ended on %(date)s") % {"date": _when(agreement.ends_on, today)})
        for agreement in on_today.filter(ended_by_term=True).order_by("ends_on", "pk")
    ]
    overdue = [
        Row(agreement, _("to be reviewed: %(when)s") % {"when": _when(agreement.review_on, today)})
        for agreement in in_force.filter(review_on__lt=today).order_by("review_on", "pk")
    ]
    coming = _coming_rows(
        in_force.filter(Q(ends_on__gte=today, ends_on__lte=soon) | Q(review_on__gte=today, review_on__lte=soon)),
        today,
    )
    scheduled = [
        Row(change.agreement, _("scheduled: %(status)s from %(when)s") % {
            "status": change.get_status_display(), "when": _when(change.date, today)})
        for change in StatusChange.objects.scheduled(today).filter(date__lte=soon)
        .select_related("agreement__partner")
        .order_by("date", "agreement_id", "pk")
    ]

    # A draft is as old as its draft status; one never dated cannot say how old.
    drafts = []
    waiting = on_today.filter(current_status=Status.DRAFT).order_by(
        F("status_changed_on").asc(nulls_last=True), "pk"
    )
    for agreement in waiting:
        since = agreement.status_changed_on
        if since is None:
            note = _("a draft since a date not recorded: give the draft status its date")
        else:
            note = _("a draft for %(time)s, since %(date)s") % {
                "time": duration(since, today), "date": jalali.format_date(since)}
        drafts.append(Row(agreement, note))

    years = settings.DORMANT_YEARS
    dormant = [
        Row(agreement, _("last activity %(date)s") % {"date": jalali.format_date(agreement.last_activity)}
            if agreement.last_activity else _("no activity recorded"))
        for agreement in dormant_links(
            Agreement.objects.in_force(today), today + datetime.timedelta(days=1), years
        )
    ]

    published = Document.objects.published(today).filter(agreement=OuterRef("pk"))
    bare = []
    for agreement in (
        Agreement.objects.public().concluded(today)
        .annotate(has_document=Exists(published))
        .filter(Q(summary_fa="") | Q(has_document=False))
        .select_related("partner")
        .order_by(name_order("partner"), "pk")
    ):
        missing = []
        if not agreement.summary_fa:
            missing.append(_("no public summary"))
        if not agreement.has_document:
            missing.append(_("no public document"))
        bare.append(Row(agreement, " · ".join(missing)))

    return [
        Section("ended", _("Ended by their term: renew or record the end"),
                _("The end date has passed and no renewal is recorded, so the public sees them lapsed. "
                  "Record the renewal as a status change dated after the end, or record the end."), ended),
        Section("overdue", _("In force, past their review date"),
                _("Review the agreement, then give it its next review date."), overdue),
        Section("coming", _("End or review date within %(days)s") % {"days": days(WITHIN_DAYS)},
                _("Prepare the renewal or the review."), coming),
        Section("scheduled", _("Status changes scheduled within %(days)s") % {"days": days(WITHIN_DAYS)},
                _("Recorded ahead of their date: each takes effect on its day."), scheduled),
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
        .order_by(name_order("partner"), "pk")
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
        .order_by(name_order("agreement__partner"), "agreement_id", "pk")
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
        .order_by(name_order("partner"), "pk")
    ]
