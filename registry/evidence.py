"""The evidence rule, in one place: how a claim's stated value is read, and
whether it agrees with what the registry records and with the other claims
about the same fact. Pages, downloads and the staff desk all ask here.

A stated date is the span of days it may name (a day; a Jalali month or
year; a Gregorian month or year when written as one, 2023-10 or 2014), and
two dates agree when their spans meet: «1392» does not contradict
1392/12/08. A term agrees when the recorded end date falls where the term
from the signing date puts it. Statistics never read claims: they count
the recorded values."""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from . import jalali
from .language import local_digits, localized, persian_active
from .models.choices import Status
from .models.evidence import Fact
from .text import fold, for_parsing

AGREES, DIFFERS, UNRECORDED = "agrees", "differs", "unrecorded"
VERDICTS = {
    AGREES: gettext_lazy("agrees"),
    DIFFERS: gettext_lazy("differs"),
    UNRECORDED: gettext_lazy("not recorded by the registry"),
}
DATED = {Fact.SIGNED_ON, Fact.ENDS_ON, Fact.ACTIVITY}
ONE_DAY = datetime.timedelta(days=1)

# ---------------------------------------------------------------- reading a stated value


@dataclass(frozen=True)
class Stated:
    first: datetime.date | None = None
    last: datetime.date | None = None
    precision: str = jalali.DAY
    months: int | None = None
    status: str = ""


_GREGORIAN_PARTIAL = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?$")


def read_date(text):
    """(first day, last day, precision) of a stated date, or None for no text.
    A Gregorian month or year (2023-10, 2014) names that Gregorian span,
    which no Jalali month or year matches."""
    text = for_parsing(text or "").strip()
    if not text:
        return None
    match = _GREGORIAN_PARTIAL.match(text)
    if match and int(match.group(1)) >= jalali.GREGORIAN_FROM:
        year, month = int(match.group(1)), match.group(2) and int(match.group(2))
        if month and not 1 <= month <= 12:
            raise ValidationError(_("“%(value)s” is not a valid date.") % {"value": text})
        if month:
            last_day = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last_day), jalali.MONTH
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), jalali.YEAR
    partial = jalali.parse(text)
    first, following = jalali.span(partial.date, partial.precision)
    return first, following - ONE_DAY, partial.precision


_NUMBER_WORDS = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_YEAR_UNITS = {"year", "years", "yr", "yrs", "سال", "ساله"}
_MONTH_UNITS = {"month", "months", "ماه", "ماهه"}
_TERM = re.compile(r"^(\d+|\w+)[\s\u200c-]*(\w+)$")


def read_term(text):
    """Months of a stated term: «۵ سال», "5 years", "پنج ساله", "18 months"."""
    match = _TERM.match(for_parsing(text).strip().lower())
    if match:
        number, unit = match.groups()
        count = int(number) if number.isdigit() else _NUMBER_WORDS.get(number)
        if count and unit in _YEAR_UNITS:
            return count * 12
        if count and unit in _MONTH_UNITS:
            return count
    raise ValidationError(
        _("“%(value)s” is not a term: write it like “5 years”, «۵ سال» or “18 months”.") % {"value": text}
    )


def _status_codes():
    from django.utils import translation

    codes = {}
    for value, label in Status.choices:
        codes[fold(value)] = value
        for language in ("fa", "en"):
            with translation.override(language):
                codes[fold(str(label))] = value
    return codes


def read_status(text):
    """(status, stated date or None) of «فعال ۱۳۹۲/۱۲/۰۸», "lapsed 1398", "terminated"."""
    words = text.split()
    codes = _status_codes()
    for cut in range(len(words), 0, -1):
        status = codes.get(fold(" ".join(words[:cut])))
        if status:
            return status, read_date(" ".join(words[cut:]))
    raise ValidationError(
        _("“%(value)s” does not name a status; start with one of: %(choices)s.")
        % {"value": text, "choices": ", ".join(str(label) for label in Status.labels)}
    )


def read_value(fact, text):
    """The Stated value of a claim about `fact`; ValidationError when a date,
    a term or a status cannot be read from `text`."""
    text = text or ""
    if fact in DATED:
        if not text.strip():
            if fact == Fact.ACTIVITY:
                return Stated()
            raise ValidationError(_("Give the date the source states."))
        first, last, precision = read_date(text)
        return Stated(first, last, precision)
    if fact == Fact.TERM:
        return Stated(months=read_term(text))
    if fact == Fact.STATUS:
        status, dated = read_status(text)
        if dated:
            return Stated(dated[0], dated[1], dated[2], status=status)
        return Stated(status=status)
    return Stated()


# ---------------------------------------------------------------- showing a stated value


def span_display(first, last, precision):
    """A stated span in the page's calendar: Jalali in Persian, Gregorian in
    English; a Gregorian month named as one ("February 2014")."""
    if first is None:
        return ""
    if (first, last + ONE_DAY) == jalali.span(first, precision):
        return jalali.format_date(first, precision)
    if not persian_active():
        if precision == jalali.MONTH and first.day == 1 and last.month == first.month:
            return f"{jalali.GREGORIAN_MONTHS_EN[first.month - 1]} {first.year}"
        if precision == jalali.YEAR and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
            return str(first.year)
    return _("%(first)s to %(last)s") % {"first": jalali.format_date(first), "last": jalali.format_date(last)}


def term_display(months):
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": local_digits(years)}
    return ngettext("%(count)s month", "%(count)s months", months) % {"count": local_digits(months)}


def stated_display(claim):
    """What the claim states, for reading."""
    if claim.fact == Fact.TERM and claim.value_months:
        return term_display(claim.value_months)
    if claim.fact == Fact.STATUS and claim.value_status:
        label = str(Status(claim.value_status).label)
        dated = span_display(claim.value_from, claim.value_to, claim.value_precision)
        return f"{label} {dated}".strip()
    if claim.value_from:
        return span_display(claim.value_from, claim.value_to, claim.value_precision)
    return claim.value


# ---------------------------------------------------------------- comparing


def _meets(first, last, other_first, other_last):
    return first <= other_last and other_first <= last


def _recorded_span(day, precision):
    first, following = jalali.span(day, precision)
    return first, following - ONE_DAY


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Reading:
    """One claim, compared with the record."""

    claim: object
    verdict: str

    @property
    def stated(self):
        return stated_display(self.claim)

    @property
    def verdict_display(self):
        return str(VERDICTS[self.verdict])

    @property
    def source(self):
        return self.claim.source


@dataclass
class FactEvidence:
    """Every claim about one fact of an agreement, beside what the registry records."""

    fact: str
    recorded: str
    readings: list = field(default_factory=list)
    note: object = None

    @property
    def label(self):
        return str(Fact(self.fact).label)

    @property
    def differs(self):
        """A claim contradicts the recorded value, or two claims contradict each other."""
        return any(r.verdict == DIFFERS for r in self.readings) or self.claims_disagree

    @property
    def unrecorded(self):
        return any(r.verdict == UNRECORDED for r in self.readings)

    @property
    def disputed(self):
        """Said plainly on the public page: not every source agrees with the record."""
        return self.differs or self.unrecorded

    @property
    def claims_disagree(self):
        dated = [r.claim for r in self.readings if r.claim.value_from]
        if any(not _meets(a.value_from, a.value_to, b.value_from, b.value_to) for a in dated for b in dated):
            return True
        terms = {r.claim.value_months for r in self.readings if r.claim.value_months}
        statuses = {r.claim.value_status for r in self.readings if r.claim.value_status}
        return len(terms) > 1 or self.fact == Fact.STATUS and len(statuses) > 1 and not dated

    @property
    def corroborated(self):
        return bool(self.readings) and all(r.verdict == AGREES for r in self.readings) and not self.claims_disagree

    @property
    def note_text(self):
        return self.note.note if self.note else ""


def _signed(agreement, claim):
    if agreement.signed_on is None:
        return UNRECORDED
    first, last = _recorded_span(agreement.signed_on, agreement.signed_precision)
    return AGREES if _meets(first, last, claim.value_from, claim.value_to) else DIFFERS


def _ends(agreement, claim):
    if agreement.ends_on is None:
        return UNRECORDED
    return AGREES if _meets(agreement.ends_on, agreement.ends_on, claim.value_from, claim.value_to) else DIFFERS


def _term(agreement, claim):
    if agreement.ends_on is None or agreement.signed_on is None:
        return UNRECORDED
    first, last = _recorded_span(agreement.signed_on, agreement.signed_precision)
    # An agreement signed on 1 March for a year ends on the last day of February, or on 1 March.
    earliest, latest = add_months(first, claim.value_months) - ONE_DAY, add_months(last, claim.value_months)
    return AGREES if earliest <= agreement.ends_on <= latest else DIFFERS


def _status(history, claim):
    for change in history:
        if change.status != claim.value_status:
            continue
        if claim.value_from is None or change.date is None:
            return AGREES
        first, last = _recorded_span(change.date, change.precision)
        if _meets(first, last, claim.value_from, claim.value_to):
            return AGREES
    return DIFFERS


def _partner(agreement, claim):
    names = {fold(agreement.partner.name_fa), fold(agreement.partner.name_en)}
    return AGREES if not claim.value or fold(claim.value) in names else DIFFERS


def _activity(claim):
    return AGREES if claim.activity_id else UNRECORDED


def verdict(agreement, claim, history=()):
    """Whether `claim` agrees with what the registry records for `agreement`
    (`history`: its status changes, for a claim about its status)."""
    if claim.fact == Fact.SIGNED_ON:
        return _signed(agreement, claim)
    if claim.fact == Fact.ENDS_ON:
        return _ends(agreement, claim)
    if claim.fact == Fact.TERM:
        return _term(agreement, claim)
    if claim.fact == Fact.STATUS:
        return _status(history, claim)
    if claim.fact == Fact.PARTNER:
        return _partner(agreement, claim)
    return _activity(claim)


def recorded_display(agreement, fact, history=()):
    """What the registry records for `fact`, for reading; empty when nothing."""
    if fact == Fact.SIGNED_ON:
        return agreement.signed_display
    if fact == Fact.ENDS_ON:
        return jalali.format_date(agreement.ends_on)
    if fact == Fact.TERM:
        if agreement.ends_on is None:
            return ""
        return _("ends on %(date)s") % {"date": jalali.format_date(agreement.ends_on)}
    if fact == Fact.STATUS:
        return " → ".join(
            f"{change.get_status_display()} {change.date_display}".strip() for change in history
        )
    if fact == Fact.PARTNER:
        return localized(agreement.partner.name_fa, agreement.partner.name_en)
    return ""


# The order facts are listed in.
FACT_ORDER = [Fact.SIGNED_ON, Fact.TERM, Fact.ENDS_ON, Fact.STATUS, Fact.PARTNER, Fact.ACTIVITY]


def compare(agreement, claims, history=(), notes=()):
    """The agreement's facts that claims speak to, each with its readings
    and the staff's note: a list of FactEvidence in FACT_ORDER. Claims on
    the agreement in general are references only and are not compared.
    Reads only what it is given: callers fetch claims (with their sources),
    status changes and notes in their own few queries."""
    by_fact = {}
    for claim in claims:
        if claim.fact == Fact.GENERAL:
            continue
        by_fact.setdefault(claim.fact, []).append(Reading(claim, verdict(agreement, claim, history)))
    notes = {note.fact: note for note in notes}
    return [
        FactEvidence(fact, _recorded(agreement, fact, history, by_fact[fact]), by_fact[fact], notes.get(fact))
        for fact in FACT_ORDER
        if fact in by_fact
    ]


def _recorded(agreement, fact, history, readings):
    if fact == Fact.ACTIVITY:
        # The activities the claims report, where staff have recorded them.
        shown = {r.claim.activity_id: str(r.claim.activity) for r in readings if r.claim.activity_id}
        return "; ".join(shown.values())
    return recorded_display(agreement, fact, history)


def sources_of(claims):
    """The distinct sources of `claims`, in the order first cited."""
    seen = {}
    for claim in claims:
        seen.setdefault(claim.source_id, claim.source)
    return list(seen.values())
