"""What a load balancer, systemd or a deploy script asks a server.

A few lines of our own rather than django-health-check: four checks, one of
them (migrations) not in its core, and no dependency, models or templates to
carry for them. Both answer plain text, never cached.
"""

import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Once applied, a process's migrations stay applied: its code does not change.
migrated = False


@require_safe
@never_cache
def healthz(request):
    """The process answers; nothing else is asked, so a database outage does
    not get every server restarted."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@never_cache
def readyz(request):
    """Whether this server can serve: the database, the cache and the media
    storage reachable and every migration applied. 503 names what is not."""
    results = {name: run(check) for name, check in CHECKS.items()}
    ready = all(error is None for error in results.values())
    body = "".join(f"{name}: {error or 'ok'}\n" for name, error in results.items())
    return HttpResponse(body, content_type="text/plain", status=200 if ready else 503)


def run(check):
    try:
        check()
    except Exception as error:  # any failure is the answer, not a 500
        return f"{type(error).__name__}: {error}".splitlines()[0][:200]
    return None


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache():
    # The cache answers as empty while Redis is down (config/redis_cache.py),
    # so only a value read back proves it is there.
    key, value = "readyz", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise ConnectionError("a value written to the cache could not be read back")


def check_storage():
    # Written and deleted: a missing bucket, wrong keys or a read-only disk
    # all fail here, as they would for the next upload.
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    default_storage.delete(name)


def check_migrations():
    global migrated
    if migrated:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied, first {plan[0][0]}")
    migrated = True


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "migrations": check_migrations,
}
