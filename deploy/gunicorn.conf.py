"""Gunicorn for one registry server: `gunicorn -c deploy/gunicorn.conf.py`.

The environment may override the address, the number of workers and the
timeout (README, "Deploy"); the rest suits a server behind nginx.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
proc_name = "registry"

# nginx on this machine, or the load balancer in front of several of them.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")
# Synchronous workers: nginx buffers slow clients and large uploads, so a
# worker is busy only while Django works.
worker_class = "sync"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# An admin import of IMPORT_ADMIN_MAX_ROWS (2,000) rows takes about 15 s to
# preview and as long to confirm on a loaded server; nginx waits as long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
# On SIGTERM (systemctl stop or restart) requests in progress finish first.
graceful_timeout = 30
# Workers are not recycled under ordinary load (deploy/README.md, "Worker
# restarts"): each keeps the pages it has cached in its own memory, and a
# restart throws them away with the imports it has warmed. A worker's memory
# is bounded by design, so the recycling is only a backstop against a leak
# nobody has seen: after some 50,000 requests, days of ordinary traffic,
# staggered by the jitter so that two workers never restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 50_000))
max_requests_jitter = max_requests // 10
# X-Forwarded-Proto is believed from nginx only (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# To journald under systemd; to files when GUNICORN_ACCESS_LOG names one.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# No gunicornc control socket: systemd manages the server, and two servers
# on one machine would share its default path.
control_socket_disable = True
