"""The registry's models, one module per family; everything is importable
from registry.models, as migrations and the apps expect."""

from .agreements import (
    AGREEMENT_SEARCH,
    FINAL_STATUS,
    Agreement,
    AgreementQuerySet,
    StatusChange,
    StatusChangeQuerySet,
    sync_statuses,
)
from .choices import (
    ActivityKind,
    Continent,
    Instrument,
    Language,
    LinkKind,
    PartnerKind,
    Precision,
    Relationship,
    Status,
    precision_constraint,
)
from .evidence import Claim, Fact, FactNote, Source, SourceKind
from .intervals import BEGINNING, ENDS_WITH_TERM, FOREVER, StatusInterval, Why
from .names import BilingualName, ShownName, name_order
from .periods import (
    CANDIDATES_SEPARATOR, MAYOR, PRESIDENCY, Period, PeriodQuerySet, PeriodSeries, Timeline, period_label,
)
from .places import Country, Partner
from .records import Activity, Document, DocumentQuerySet, document_path
from .versioning import EditVersioned, RegistryVersion, Versioned, VersionedQuerySet
