"""Production settings plus one trivial page, the framework's floor."""

from registry.settings import *

ROOT_URLCONF = "bench.urls"
