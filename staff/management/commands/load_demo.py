"""The demo state of the README's screenshots (`make screenshots`): the seed
plus a few made-up entries dated from today, so that the staff desk's home
page has something to show. Never for a real registry: it refuses to run
with DEBUG off.

On top of `load_seed`, in the order of the links in force (oldest first):
- the 1st is to be reviewed in 40 days, the 3rd in 75 days;
- the 2nd's fixed term ended 12 days ago (the desk asks to renew it or
  record its end), recorded as a change by the demo's staff member;
- the 4th had a delegation visit 30 days ago.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry.models import Activity, Agreement

DEMO_USER = "demo-editor"


class Command(BaseCommand):
    help = "Add the README screenshots' made-up demo entries (dated from today) to a seeded local registry."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to add made-up entries with DEBUG off: this is for a local demo only.")
        in_force = list(Agreement.objects.in_force().order_by("signed_on", "pk")[:4])
        if len(in_force) < 4:
            raise CommandError("Load the seed first (manage.py load_seed).")
        if Activity.objects.filter(description_fa=VISIT).exists():
            self.stdout.write("The demo entries are there already.")
            return
        today = timezone.localdate()
        editor, _made = User.objects.get_or_create(username=DEMO_USER, defaults={"first_name": "ویراستار نمونه"})
        changes = [(0, "review_on", 40), (1, "ends_on", -12), (2, "review_on", 75)]
        for index, field, days in changes:
            agreement = in_force[index]
            setattr(agreement, field, today + datetime.timedelta(days=days))
            agreement._history_user = editor  # simple-history: the change's author
            agreement.save()
        Activity.objects.create(agreement=in_force[3], date=today - datetime.timedelta(days=30), kind="visit",
                                description_fa=VISIT)
        self.stdout.write(self.style.SUCCESS("Added the demo entries (made-up dates, for screenshots only)."))


VISIT = "دیدار هیئت شهری (نمونه)"
