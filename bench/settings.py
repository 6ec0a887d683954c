"""Production settings plus one trivial page, the framework's floor, the
bench's write endpoints and a query count per response."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.queries.count_queries", *MIDDLEWARE]  # noqa: F405
