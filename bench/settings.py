"""Production settings plus one trivial page, the framework's floor."""

from registry.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
