"""What the desk's browser tests share: signing in, the pages of the admin
to walk, the visible text of a page outside left-to-right boxes, and axe-core."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from registry.models import Activity, Agreement, Partner, Period, PeriodSeries, StatusChange

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# Where the test server serves it (conftest.py, KeptStaticFiles).
AXE_PATH = "/static/tests/axe.min.js"

# Text nodes a reader sees, outside boxes marked left to right, and the
# labels of buttons; hidden elements (Django's "hidden" class, closed
# <details>) are left out.
VISIBLE_TEXT = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const element = node.parentElement;
    if (!element || element.closest('script, style, noscript, template, [dir="ltr"], svg')) continue;
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  document.querySelectorAll('input[type="submit"], input[type="button"]').forEach((input) => {
    if (!input.closest('[dir="ltr"]') && input.checkVisibility()) out.push(input.value);
  });
  return out;
}
"""


def sign_in(page, live_server, language="fa"):
    User.objects.create_superuser("desk-admin", "desk@example.org", "a long password 1")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk-admin")
    page.fill("#id_password", "a long password 1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


# The admin walked in parts, so that the run's workers share the walk.
ADMIN_PARTS = ["lists", "forms to add", "records and histories", "desk"]


def admin_pages(part):
    """Every kind of admin page, on the seed, in one of ADMIN_PARTS: lists,
    forms, import, export, the annual report, histories and the home page's
    dashboard."""
    paris = Agreement.objects.get(partner__name_en="Paris")
    partner = Partner.objects.get(name_en="Bishkek")
    models = [
        ("registry", "agreement"), ("registry", "partner"), ("registry", "country"), ("registry", "activity"),
        ("registry", "document"), ("registry", "period"), ("registry", "periodseries"),
        ("registry", "historicalagreement"), ("registry", "historicalpartner"),
        ("registry", "historicalstatuschange"), ("registry", "historicalactivity"),
        ("registry", "historicaldocument"), ("auth", "user"), ("auth", "group"),
    ]
    # Current records' lists, and (True) their histories'.
    lists = {False: [], True: []}
    for app, model in models:
        lists[model.startswith("historical")].append(reverse(f"admin:{app}_{model}_changelist"))
    return {
        "lists": [
            *lists[False],
            reverse("admin:registry_agreement_changelist") + "?q=پاریس",
        ],
        "forms to add": [
            reverse(f"admin:{app}_{model}_add") for app, model in models if not model.startswith("historical")
        ],
        "records and histories": [
            reverse("admin:registry_agreement_change", args=[paris.pk]),
            reverse("admin:registry_partner_change", args=[partner.pk]),
            reverse("admin:registry_country_change", args=["FR"]),
            reverse("admin:registry_period_change", args=[Period.objects.first().pk]),
            reverse("admin:registry_periodseries_change", args=[PeriodSeries.objects.first().pk]),
            reverse("admin:auth_user_change", args=[User.objects.get(username="desk-admin").pk]),
            reverse("admin:registry_agreement_history", args=[paris.pk]),
            reverse("admin:registry_partner_history", args=[partner.pk]),
            *lists[True],
        ],
        "desk": [
            reverse("admin:index"),
            reverse("admin:registry_agreement_import"),
            reverse("admin:registry_partner_import"),
            reverse("admin:registry_activity_import"),
            reverse("admin:registry_agreement_export"),
            reverse("admin:registry_partner_export"),
            reverse("admin:registry_agreement_annual_report") + "?calendar=jalali&year=1403",
        ],
    }[part]


def some_activity(agreement):
    return Activity.objects.create(agreement=agreement, date=agreement.signed_on, kind="visit",
                                   description_fa="دیدار هیئت")


def paris_becomes_active():
    paris = Agreement.objects.get(partner__name_en="Paris")
    StatusChange.objects.create(agreement=paris, status="active", reason="امضای سند", reason_en="Signed")
    return paris


def axe_violations(page, colours=True):
    """axe-core's WCAG 2.1 A and AA violations on the page, as short lines.
    Only violations are collected: what passes is never read, and gathering
    it doubled axe's time. `colours=False` leaves out the colour-contrast
    rule, two thirds of axe's time on a long list, for a page whose colours
    were measured in its other language (the stylesheets and sizes are the
    same; only the font's family differs).

    axe-core comes into the page when it is first asked for, from the test
    server (conftest.py, AXE_PATH): the site's CSP takes scripts from the
    site alone. Given to every page at its start instead (an init script),
    it cost every navigation 25-35 ms of compiling, about 40 % of them in
    pages that never ran it; from the browser's cache it is compiled once."""
    return page.evaluate(
        """async ([path, colours]) => {
          if (typeof axe === 'undefined') {
            await new Promise((loaded, failed) => {
              const script = document.createElement('script');
              script.src = path;
              script.onload = loaded;
              script.onerror = () => failed(new Error('axe-core did not load from ' + path));
              document.head.append(script);
            });
          }
          const result = await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
            rules: colours ? {} : {'color-contrast': {enabled: false}},
          });
          return result.violations.map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
        }""",
        [AXE_PATH, colours],
    )


CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "fa" / "LC_MESSAGES" / "django.po"

# Seen in the Persian admin before this was fixed (issue 9), whichever
# catalogue should translate them.
SEEN_IN_ENGLISH = [
    "This exporter will export the following fields",
    "Select all",
    "Partner Geonames Id",
    "Title Fa",
    "Import finished",
    "Please correct the error",
    "Tablib Dataset",
    "selected",
    "Recent actions",
    "Show all",
    "Save and add another",
    "Change history",
]


def english_phrases():
    """Every phrase of two words or more that the project's catalogue
    translates, and those seen in English before: none may show on a
    Persian page."""
    with open(CATALOGUE, "rb") as po:
        catalogue = read_po(po)
    phrases = set(SEEN_IN_ENGLISH)
    for message in catalogue:
        for msgid in message.id if isinstance(message.id, tuple) else [message.id]:
            text = re.sub(r"%\(\w+\)s|\{\w*\}|%s", "\x00", msgid)
            for part in text.split("\x00"):
                part = part.strip(" .,:;()“”")
                if len(part.split()) >= 2 and message.string:
                    phrases.add(part)
    return sorted(phrases)


def persian_problems(page, phrases):
    """English phrases and Latin digits a reader sees on a Persian page."""
    problems = []
    for text in page.evaluate(VISIBLE_TEXT):
        english = [phrase for phrase in phrases if phrase in text]
        if english:
            problems.append(f"English {english[0]!r} in {text[:80]!r}")
        if re.search(r"[0-9]", text):
            problems.append(f"Latin digits in {text[:80]!r}")
    return problems
