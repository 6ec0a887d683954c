"""Names shown in the active language and ordered in Persian."""

from django.db.models import F, OrderBy

from ..language import localized, persian_active


class ShownName:
    """The order of the name a partner or a country shows (Persian, or
    English, as the active language asks; the other where it is empty), in
    Persian alphabetical order: its stored key (`order_fa`, `order_en`,
    text.SortKeyField), which an index can read in order. `path` reaches a
    related name, like "partner__country". The language is read when the
    query is built, so one expression serves an admin column's fixed
    ordering in either language."""

    def __init__(self, path=""):
        self.prefix = f"{path}__" if path else ""

    def resolve_expression(self, *args, **kwargs):
        key = "order_fa" if persian_active() else "order_en"
        return F(self.prefix + key).resolve_expression(*args, **kwargs)

    def asc(self, **kwargs):
        return OrderBy(self, **kwargs)

    def desc(self, **kwargs):
        return OrderBy(self, descending=True, **kwargs)


def name_order(path=""):
    """Order by ShownName, rows without a name last."""
    return ShownName(path).asc(nulls_last=True)

class BilingualName:
    """`name` in the active language, falling back to the other one."""

    @property
    def name(self):
        return localized(self.name_fa, self.name_en)

    def __str__(self):
        return self.name
