"""Django's Redis cache backend, made to survive Redis being down.

Django's RedisCache raises when Redis cannot be reached (unlike its memcached
backends, which answer a miss), and nothing in its settings changes that. For
the registry the cache only holds what can be computed again — pages and
cached_db sessions, whose database copy is the real one — so an outage must
make pages slower, never a 500. This backend answers as an empty cache while
Redis is unreachable: reads miss, writes are dropped, incr() raises the
ValueError it raises for a missing key. After a failure it leaves Redis alone
for a few seconds, so that a Redis host that drops packets costs one connect
timeout now and then rather than on every call.

/readyz still reports the outage: it writes a value and reads it back.
"""

import logging
import time
from functools import partial

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)
RETRY_AFTER_SECONDS = 5


class OutageTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.down_until = 0.0

    def attempt(self, call, fallback):
        if self.down_until > time.monotonic():
            return fallback()
        try:
            result = call()
        except UNREACHABLE as error:
            if not self.down_until:
                logger.warning("Redis unreachable, serving without the cache: %s", error)
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback()
        if self.down_until:
            logger.warning("Redis reachable again.")
            self.down_until = 0.0
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(partial(super().add, key, value, timeout, version), lambda: False)

    def get(self, key, default=None, version=None):
        return self.attempt(partial(super().get, key, default, version), lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(partial(super().set, key, value, timeout, version), lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(partial(super().touch, key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        return self.attempt(partial(super().delete, key, version), lambda: False)

    def get_many(self, keys, version=None):
        return self.attempt(partial(super().get_many, keys, version), lambda: {})

    def has_key(self, key, version=None):
        return self.attempt(partial(super().has_key, key, version), lambda: False)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found: the cache is unreachable.")

        return self.attempt(partial(super().incr, key, delta, version), missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(partial(super().set_many, data, timeout, version), lambda: list(data))

    def delete_many(self, keys, version=None):
        return self.attempt(partial(super().delete_many, keys, version), lambda: None)

    def clear(self):
        return self.attempt(partial(super().clear), lambda: False)
