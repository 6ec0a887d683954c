"""Settings, read from the environment; safe for production unless DEBUG is on."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set SECRET_KEY, or DEBUG=1 for a local run.")
    SECRET_KEY = "local-development-only-" + "x" * 40

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # SimpleAdminConfig: no autodiscovery, so leaflet/admin.py (which needs
    # GDAL) is never imported; staff.admin registers everything itself.
    # Before the admin and simple-history, whose templates staff/ overrides.
    "staff",
    "staff.sites.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's form templates, for FORM_RENDERER below.
    "django.forms",
    "import_export",
    "leaflet",
    "simple_history",
    "staff.sites.SignInLockoutsConfig",  # django-axes, named in the reader's language
    "csp",
    "registry",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    # Who is asking, read once (request.client_address) for the download limits.
    "config.middleware.ClientAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database that cannot be reached is a 503 with Retry-After, not a 500.
    "config.middleware.DatabaseOutageMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "public.context_processors.site",
            ],
        },
    },
]

# Forms render with the project's templates, so that templates/django/forms/
# can write a widget's parts in instead of including them (select.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite suits one office machine (PostgreSQL is for a server): in WAL
    # mode readers go on while a command-line import writes, and a writer
    # waits its turn for up to SQLITE_BUSY_SECONDS instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_SECONDS", 20)),
    }
else:
    # PostgreSQL's JIT compiles a query whose estimated cost is high, which
    # the registry's status-on-a-date subqueries reach at a few thousand
    # rows: 0.6 to 2 s of compiling for queries that run in milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Seconds a visitor is asked to wait when the database cannot be reached.
DATABASE_RETRY_AFTER = int(os.environ.get("DATABASE_RETRY_AFTER", 30))

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out sign-in is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords
# for one user name from one address, that pair waits LOGIN_COOLOFF_MINUTES;
# the page says the same whether or not the user exists. The attempts are
# kept in the database, which every server shares.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "staff.lockout.locked_out"
AXES_VERBOSE = False
# Behind a proxy, the header that carries the visitor's address (e.g. HTTP_X_REAL_IP):
# sign-in throttling and the open-data limit count per visitor, not per proxy.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "config.middleware.client_address"

# A staff session lasts a working day and ends when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", 9)) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Public pages and downloads are cached on the registry's version (public/cache.py),
# which lives in the database, so each process may keep its own copies: local
# memory by default. Several servers may share one cache (Redis) instead.
# Whoever sends odd query strings can fill a cache, so its size is bounded:
# pages (at most PUBLIC_CACHE_SMALL_BYTES gzipped, 64 KB) in "default", larger
# responses (whole-registry downloads, the map's points) in "downloads", which
# keeps only a few: at most about 64 MB + 48 MB per process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", 1000))},
    },
    "downloads": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "downloads",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_DOWNLOADS", 6))},
    },
}
PUBLIC_CACHE_SMALL_BYTES = 64 * 1024
# A kept page is unreachable once the registry changes; this only bounds how
# long an unchanged one stays.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", 24 * 3600))
# Larger responses (gzip-compressed size) are served but not kept.
PUBLIC_CACHE_MAX_BYTES = int(os.environ.get("PUBLIC_CACHE_MAX_BYTES", 8 * 1024 * 1024))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, saying the length in Persian digits on Persian pages.
    {"NAME": "staff.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Persian first, English second, for the admin and the public site alike.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "registry" / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# More than one server (README, "Deploy"): scanned documents and the import
# files waiting between preview and confirm go to a bucket every server
# shares. The bucket stays private; documents are served by the registry's
# own view (public/documents.py), which checks who may read them.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # Unset on AWS; MinIO, Ceph and the like are named by their URL
            # and address buckets by path, not by host name.
            "endpoint_url": S3_ENDPOINT_URL or None,
            "addressing_style": "path" if S3_ENDPOINT_URL else None,
            "region_name": os.environ.get("S3_REGION") or None,
            # Unset: boto3's own chain (instance role, ~/.aws).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            # A scan is fetched before it is streamed out: in memory up to
            # 1 MB, in a temporary file beyond, never 20 MB per download in RAM.
            "max_memory_size": 1024 * 1024,
        },
    }

# Whole-registry downloads (public/stored_downloads.py) are built once per
# version of the registry into the media storage and handed out by:
#   "nginx"   X-Accel-Redirect to DOWNLOADS_NGINX_LOCATION (deploy/nginx/registry.conf;
#             local disk only): no app worker is busy while the file travels;
#   "storage" a redirect to a signed URL of the bucket (the default with S3_BUCKET);
#   "worker"  the app server sends the file itself (the default otherwise).
DOWNLOADS_SERVED_BY = os.environ.get("DOWNLOADS_SERVED_BY", "storage" if S3_BUCKET else "worker")
if DOWNLOADS_SERVED_BY not in ("nginx", "storage", "worker") or (DOWNLOADS_SERVED_BY == "nginx" and S3_BUCKET):
    raise RuntimeError("DOWNLOADS_SERVED_BY is nginx (local media only), storage or worker.")
DOWNLOADS_NGINX_LOCATION = os.environ.get("DOWNLOADS_NGINX_LOCATION", "/stored-downloads/")
# Off only in tests, whose writes never commit and so never change the version.
DOWNLOADS_STORED = True
# Downloads built at once by the whole site (stored files and filtered streams),
# and how long a request waits for a place before it is answered 503.
DOWNLOAD_BUILDS_AT_ONCE = int(os.environ.get("DOWNLOAD_BUILDS_AT_ONCE", 2))
DOWNLOAD_BUILD_WAIT_SECONDS = int(os.environ.get("DOWNLOAD_BUILD_WAIT_SECONDS", 20))

# One cache for every server and worker when REDIS_URL is set (pages, and
# sessions written through to the database); without it, each process's own
# memory, which is right for one process and wrong for several.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    def redis_cache(prefix):
        return {
            # Django's RedisCache, answering as an empty cache while Redis is down.
            "BACKEND": "config.redis_cache.OutageTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }

    # Redis evicts by its own maxmemory policy: no per-process bounds needed.
    CACHES = {
        "default": redis_cache("registry"),
        "downloads": redis_cache("registry-downloads"),
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Staff workflows: imports, exports, uploads (staff/resources.py, registry/uploads.py).
# Import needs the custom "import" permission and export the "export" one, so
# a viewer may export and only editors and administrators may import.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The uploaded file waits between preview and confirm in media storage, which
# every server behind the load balancer shares, not in one server's /tmp.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# Keep the admin's "recent actions" for imports; the full before/after lives in simple-history.
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Larger files go through `manage.py import_agreements`, which has no time limit.
IMPORT_ADMIN_MAX_ROWS = int(os.environ.get("IMPORT_ADMIN_MAX_ROWS", 2000))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))
# No field holds more; a larger cell is a damaged or hostile file (admin and command alike).
IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", 20000))
# The characters all cells of a file hold together, counted as it is read: an XLSX's
# shared strings let a 90 KB file stand for 200 million. The admin's limit allows 5,000 a
# row over its 2,000 rows; the command, which reads a file in parts, allows ten times more.
IMPORT_MAX_TOTAL_CHARS = int(os.environ.get("IMPORT_MAX_TOTAL_CHARS", 10_000_000))
IMPORT_COMMAND_MAX_TOTAL_CHARS = int(os.environ.get("IMPORT_COMMAND_MAX_TOTAL_CHARS", 100_000_000))
# An XLSX is a zip: its unpacked size, checked before it is opened (the admin's limit).
IMPORT_MAX_XLSX_BYTES = int(os.environ.get("IMPORT_MAX_XLSX_BYTES", 50 * 1024 * 1024))
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))
# An agreement in force with no activity for this many years is "dormant" in the annual report.
DORMANT_YEARS = 3
# The annual report's letterhead, in each language.
MUNICIPALITY_NAME_FA = os.environ.get("MUNICIPALITY_NAME_FA", "شهرداری تهران")
MUNICIPALITY_NAME_EN = os.environ.get("MUNICIPALITY_NAME_EN", "Tehran Municipality")
CENTRE_NAME_FA = os.environ.get("CENTRE_NAME_FA", "مرکز ارتباطات و امور بین‌الملل")
CENTRE_NAME_EN = os.environ.get("CENTRE_NAME_EN", "Centre for International Relations and Affairs")
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# History is read, not reverted (see staff.admin.base.ReadOnlyHistoryAdmin).
SIMPLE_HISTORY_REVERT_DISABLED = True

# E-mail (the attention digest): SMTP when EMAIL_HOST is set, else written to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")

# The home city: every link on the map starts here.
HOME_CITY = {
    "name_fa": "تهران",
    "name_en": "Tehran",
    "latitude": 35.69439,
    "longitude": 51.42151,
    "geonames_id": 112931,
}

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (HOME_CITY["latitude"], HOME_CITY["longitude"]),
    "DEFAULT_ZOOM": 2,
    "MIN_ZOOM": 1,
    "MAX_ZOOM": 12,
    "RESET_VIEW": False,
    # public/map.js adds its own, long enough for the Persian «۵۰۰ کیلومتر».
    "SCALE": None,
    # No tiles unless configured: the bundled country outline is the basemap,
    # so the map works with no internet.
    "TILES": [
        (name, url, {"attribution": attribution})
        for name, url, attribution in (
            [("OpenStreetMap", os.environ["MAP_TILES_URL"], os.environ.get("MAP_TILES_ATTRIBUTION", ""))]
            if os.environ.get("MAP_TILES_URL")
            else []
        )
    ],
}

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer asks each server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining the browsers' preload list is hard to undo: the operator decides.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The newest-first index's INCLUDE columns: SQLite has no such index at all
# (registry migrations 0010 and 0017 create it on PostgreSQL only).
SILENCED_SYSTEM_CHECKS.append("models.W040")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4): scripts only from this site; no
# inline code or event attributes, so no nonce (a cached page would carry a
# stale one).
_tile_origins = []
if os.environ.get("MAP_TILES_URL"):
    from urllib.parse import urlsplit

    _tiles = urlsplit(os.environ["MAP_TILES_URL"].replace("{s}", "*"))
    _tile_origins = [f"{_tiles.scheme}://{_tiles.netloc}"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Leaflet and the charts position elements with style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *_tile_origins],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# No page needs these browser features.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Anonymous open-data downloads, per visitor: how many at once and how many a
# minute from their first (public/throttle.py); counted in the database, so
# that every worker and every server counts together, with or without Redis.
DATA_DOWNLOADS_AT_ONCE = int(os.environ.get("DATA_DOWNLOADS_AT_ONCE", 2))
DATA_DOWNLOADS_PER_MINUTE = int(os.environ.get("DATA_DOWNLOADS_PER_MINUTE", 20))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Formulae are kept as text by registry.spreadsheets, for every spreadsheet we write.
# A control character in a text (pasted from a scan, say) would otherwise make
# openpyxl refuse the whole XLSX download.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
