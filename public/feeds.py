"""The Atom feed of new and changed public agreements, one per language
(/fa/feed/, /en/feed/), linked from every public page's head."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from registry.language import localized
from registry.models import Agreement, Status

from .datapackage import PUBLISHER

ITEMS = 50


class AgreementFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Tehran International Partnerships Registry: new and changed agreements")

    def subtitle(self):
        return _("Public agreements as they are recorded or change, newest change first. Drafts are marked and never count as partnerships.")

    def link(self):
        return reverse("agreements")

    def feed_url(self):
        return reverse("feed")

    def author_name(self):
        return localized(PUBLISHER[1], PUBLISHER[0])

    def items(self):
        return list(
            Agreement.objects.public()
            .with_status()
            .select_related("partner")
            .order_by("-updated_at", "-pk")[:ITEMS]
        )

    def item_title(self, agreement):
        title = f"{agreement.partner.name} — {agreement.title}"
        if agreement.current_status == Status.DRAFT:
            return _("%(title)s (draft, never concluded)") % {"title": title}
        return title

    def item_description(self, agreement):
        parts = [
            _("Status: %(status)s") % {"status": agreement.get_current_status_display()},
            _("Signed: %(date)s") % {"date": agreement.signed_display or _("date not known")},
        ]
        if agreement.summary:
            parts.append(agreement.summary)
        return " · ".join(parts)

    def item_link(self, agreement):
        return reverse("agreement", args=[agreement.pk])

    def item_pubdate(self, agreement):
        return agreement.created_at

    def item_updateddate(self, agreement):
        return agreement.updated_at

    def item_categories(self, agreement):
        return [agreement.current_status, agreement.instrument]
