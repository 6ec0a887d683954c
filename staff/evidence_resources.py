"""Sources and claims as spreadsheet columns (django-import-export), with the
same rules as every other import: preview first, all or nothing, names or
labels of either language in the header, an audit entry per row."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from registry.models import Claim, Fact, Language, Source, SourceKind
from registry.text import for_parsing

from .imports import cells
from .resources import AgreementWidget, ChoiceWidget, PartialDateField, RegistryResource


class SourceWidget(widgets.Widget):
    """A source by its id in the registry."""

    def clean(self, value, row=None, **kwargs):
        text = for_parsing(cells.raw(value))
        if not text:
            return None
        if not text.isdigit() or not Source.objects.filter(pk=int(text)).exists():
            raise ValueError(_("There is no source with id “%(value)s”.") % {"value": text})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class SourceResource(RegistryResource):
    version = fields.Field(attribute="version", column_name="version", readonly=True)
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(SourceKind, lambda: _("kind")))
    published_on = PartialDateField("published_on", "published_precision")
    consulted_on = PartialDateField("consulted_on")
    language = fields.Field(
        attribute="language", column_name="language", widget=ChoiceWidget(Language, lambda: _("language"))
    )

    class Meta:
        model = Source
        fields = [
            "id", "kind", "author", "publisher", "title", "published_on", "url", "consulted_on", "language",
            "internal_notes", "version",
        ]
        export_order = fields

    def get_queryset(self):
        return Source.objects.order_by("pk")


class ClaimResource(RegistryResource):
    agreement = fields.Field(attribute="agreement_id", column_name="agreement", widget=AgreementWidget())
    agreement_title = fields.Field(column_name="agreement_title", readonly=True)
    source = fields.Field(attribute="source_id", column_name="source", widget=SourceWidget())
    source_title = fields.Field(column_name="source_title", readonly=True)
    fact = fields.Field(attribute="fact", column_name="fact", widget=ChoiceWidget(Fact, lambda: _("fact")))

    class Meta:
        model = Claim
        fields = ["id", "agreement", "agreement_title", "source", "source_title", "fact", "value", "locator",
                  "paraphrase"]
        export_order = fields

    def get_queryset(self):
        return Claim.objects.select_related("agreement__partner", "source").order_by("pk")

    def dehydrate_agreement_title(self, claim):
        return str(claim.agreement)

    def dehydrate_source_title(self, claim):
        return claim.source.title
