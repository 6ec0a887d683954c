"""Sources as references people can reuse: CSL-JSON (read by Zotero, Pandoc
and citeproc) and BibTeX. A date known to a Jalali month or year is given as
the range of days it covers, since neither format has a Jalali calendar."""

import datetime
import re

from registry import jalali
from registry.models import SourceKind

CSL_TYPES = {
    SourceKind.STUDY: "article",
    SourceKind.TEHRAN_SITE: "webpage",
    SourceKind.PARTNER_SITE: "webpage",
    SourceKind.NEWS: "article-newspaper",
    SourceKind.RESOLUTION: "legislation",
    SourceKind.SCAN: "document",
}
BIBTEX_TYPES = {
    SourceKind.STUDY: "article",
    SourceKind.TEHRAN_SITE: "online",
    SourceKind.PARTNER_SITE: "online",
    SourceKind.NEWS: "online",
    SourceKind.RESOLUTION: "misc",
    SourceKind.SCAN: "misc",
}


def _parts(day):
    return [day.year, day.month, day.day]


def csl_date(day, precision=jalali.DAY):
    """A CSL date: one day, or the range of days a Jalali month or year covers."""
    first, following = jalali.span(day, precision)
    if precision == jalali.DAY:
        return {"date-parts": [_parts(first)]}
    return {"date-parts": [_parts(first), _parts(following - datetime.timedelta(days=1))]}


def _names(text):
    return [{"literal": name.strip()} for name in re.split(r"[;؛]", text) if name.strip()]


def csl_item(source):
    """One source as a CSL-JSON item."""
    item = {"id": f"source-{source.pk}", "type": CSL_TYPES[source.kind], "title": source.title}
    if source.author:
        item["author"] = _names(source.author)
    if source.publisher:
        key = "container-title" if source.kind == SourceKind.NEWS else "publisher"
        item[key] = source.publisher
    if source.published_on:
        item["issued"] = csl_date(source.published_on, source.published_precision)
    if source.url:
        item["URL"] = source.url
    if source.consulted_on:
        item["accessed"] = csl_date(source.consulted_on)
    item["language"] = source.language if source.language != "other" else "und"
    return item


def csl_json(sources):
    return [csl_item(source) for source in sources]


_BIBTEX_SPECIAL = re.compile(r"([{}\\%&$#_^~])")


def _bib(text):
    # Special characters escaped, so that a title with % or & compiles.
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex_entry(source):
    fields = [("title", "{" + _bib(source.title) + "}")]
    if source.author:
        fields.append(("author", " and ".join("{" + _bib(n["literal"]) + "}" for n in _names(source.author))))
    if source.publisher:
        fields.append(("journaltitle" if source.kind == SourceKind.NEWS else "publisher", _bib(source.publisher)))
    if source.published_on:
        first, following = jalali.span(source.published_on, source.published_precision)
        last = following - datetime.timedelta(days=1)
        date = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
        fields.append(("date", date))
        fields.append(("year", str(first.year)))
        if source.published_precision != jalali.DAY:
            fields.append(("note", "Jalali " + jalali.format_input(source.published_on, source.published_precision,
                                                                   language="en")))
    if source.url:
        fields.append(("url", source.url))
    if source.consulted_on:
        fields.append(("urldate", source.consulted_on.isoformat()))
    fields.append(("langid", {"fa": "persian", "en": "english"}.get(source.language, "")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{BIBTEX_TYPES[source.kind]}{{source{source.pk},\n{body}\n}}\n"


def bibtex(sources):
    return "\n".join(bibtex_entry(source) for source in sources)
