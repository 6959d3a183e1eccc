"""gunicorn settings for a web node: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Sync workers are the right class here *because* nginx sits in front with request buffering on
(deploy/nginx.conf): nginx reads a client's whole body (or gives up after client_body_timeout)
before it opens the upstream connection, so a worker only ever sees complete requests and is never
held by a slow or silent client. ``timeout`` then bounds a request that hangs inside the
application (a stuck query): the arbiter kills that worker and starts a fresh one.
Every value can be overridden by environment without editing this file.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# Longest a request may run before its worker is killed and replaced (a page answers in ms;
# the Excel import and exports of a whole session take seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Keep-alive only matters towards nginx on the same host or LAN.
keepalive = 5
# Recycle workers now and then so slow leaks in any library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Request line and header limits as gunicorn's defaults, stated so a review sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Trust X-Forwarded-* only from the reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
