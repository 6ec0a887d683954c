"""Production settings plus one trivial page, the framework's floor."""

from config.settings import *

ROOT_URLCONF = "bench.urls"
