"""Which partner and which agreement a row is about, in a few bulk queries.

A partner is found by its GeoNames id, else its Wikidata id, else its
country and English name (whatever the case); an agreement by its id, else
by its partner and its folded Persian title, so that importing a
colleague's spreadsheet twice makes no duplicates.
"""

from collections import defaultdict

from registry.models import Agreement, Partner, StatusChange
from registry.text import fold

# Ids per query: well under every database's limit on parameters.
BATCH = 500


def batches(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Gazette:
    """The registry's partners, loaded once per import so that matching a
    row costs no query; partners a file adds are added as they are
    planned, so that later rows find them."""

    def __init__(self):
        self.by_geonames, self.by_wikidata, self.by_name = {}, {}, {}
        for partner in Partner.objects.all():
            self.add(partner)

    def add(self, partner):
        if partner.geonames_id:
            self.by_geonames[partner.geonames_id] = partner
        if partner.wikidata_id:
            self.by_wikidata[partner.wikidata_id] = partner
        if partner.name_en:
            self.by_name[(partner.country_id, fold(partner.name_en))] = partner

    def match(self, cells):
        """The partner named by a row's PartnerCells, or None."""
        if cells.geonames_id and cells.geonames_id in self.by_geonames:
            return self.by_geonames[cells.geonames_id]
        if cells.wikidata_id and cells.wikidata_id in self.by_wikidata:
            return self.by_wikidata[cells.wikidata_id]
        if cells.name_en:
            return self.by_name.get((cells.country, fold(cells.name_en)))
        return None


def find_partner(cells):
    """The registry's partner named by PartnerCells, asked of the database
    (for an import of partners, where each row may add one)."""
    if cells.geonames_id and (found := Partner.objects.filter(geonames_id=cells.geonames_id).first()):
        return found
    if cells.wikidata_id and (found := Partner.objects.filter(wikidata_id=cells.wikidata_id).first()):
        return found
    if cells.name_en:
        wanted = fold(cells.name_en)
        for partner in Partner.objects.filter(country_id=cells.country, name_en__iexact=cells.name_en):
            if fold(partner.name_en) == wanted:
                return partner
        for partner in Partner.objects.filter(country_id=cells.country):
            if fold(partner.name_en) == wanted:
                return partner
    return None


class Agreements:
    """The registry's agreements the rows of one file (or part) name, with
    their status histories, in a few bulk queries: those named by id, the
    titles of the rows' partners' agreements (a narrow query) to match rows
    without an id, then the matched agreements and their histories."""

    def __init__(self, ids, wanted_titles):
        """`wanted_titles`: (partner id, folded Persian title) of rows without an id."""
        titled = {}
        for batch in batches({partner_id for partner_id, _title in wanted_titles}):
            for pk, partner_id, title_fa in Agreement.objects.filter(partner_id__in=batch).values_list(
                    "pk", "partner_id", "title_fa").order_by("pk"):
                key = (partner_id, fold(title_fa))
                if key in wanted_titles:
                    titled.setdefault(key, pk)
        self.by_id = {}
        for batch in batches({*ids, *titled.values()}):
            for agreement in Agreement.objects.filter(pk__in=batch).select_related("partner"):
                self.by_id[agreement.pk] = agreement
        self.by_title = {key: self.by_id[pk] for key, pk in titled.items()}
        self.history = defaultdict(list)
        for batch in batches(self.by_id):
            for change in StatusChange.objects.filter(agreement_id__in=batch).order_by("pk"):
                self.history[change.agreement_id].append(change)

    @classmethod
    def for_rows(cls, rows, gazette):
        """Those named by the rows' ids, and those whose partner and title rows without an id name."""
        wanted_titles = set()
        for row in rows:
            if row.id is None and row.partner is not None and "title_fa" in row.fields:
                partner = gazette.match(row.partner)
                if partner is not None and partner.pk is not None:
                    wanted_titles.add((partner.pk, fold(row.fields["title_fa"] or "")))
        return cls([row.id for row in rows if row.id is not None], wanted_titles)

    def get(self, pk):
        return self.by_id.get(pk)

    def titled(self, partner, title_fa):
        if partner is None or partner.pk is None:
            return None
        return self.by_title.get((partner.pk, fold(title_fa)))
