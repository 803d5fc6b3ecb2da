# SPDX-License-Identifier: AGPL-3.0-or-later
"""Forløb settings: one file, configured by the environment.

Development (the default) generates its own secret keys under ``var/``; production
(``FORLOB_PRODUCTION=1``) refuses to start without real ones from the environment.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from forlob.common.keys import development_keys, refuse_development_keys, refuse_weak_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FORLOB_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_bool("FORLOB_PRODUCTION")
DEBUG = env_bool("DEBUG")

_REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "FORLOB_CPR_HMAC_KEY", "FORLOB_CPR_ENCRYPTION_KEY")
if PRODUCTION:
    missing = [name for name in _REQUIRED_IN_PRODUCTION if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(f"Production needs these environment variables: {', '.join(missing)}")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production")
    _keys = {name: os.environ[name] for name in _REQUIRED_IN_PRODUCTION}
    refuse_development_keys(_keys, VAR_DIR / "dev-keys.json")
    refuse_weak_keys(_keys)
else:
    # New keys are stored in the default var/ (made on first use) or in a FORLOB_VAR_DIR that
    # exists: a mistyped one must not gain keys that no database belongs to (manage.py backup).
    _keep = VAR_DIR.is_dir() or VAR_DIR == BASE_DIR / "var"
    _keys = development_keys(VAR_DIR / "dev-keys.json", _REQUIRED_IN_PRODUCTION, keep=_keep)
    _keys.update({name: os.environ[name] for name in _REQUIRED_IN_PRODUCTION if os.environ.get(name)})

SECRET_KEY = _keys["SECRET_KEY"]
CPR_HMAC_KEY = _keys["FORLOB_CPR_HMAC_KEY"]
CPR_ENCRYPTION_KEY = _keys["FORLOB_CPR_ENCRYPTION_KEY"]

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "forlob.organisations.admin_config.ForlobAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "simple_history",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "csp",
    "forlob.accounts",
    "forlob.organisations",
    "forlob.citizens",
    "forlob.treatment",
    "forlob.family",
    "forlob.followup",
    "forlob.instruments",
    "forlob.prevention",
    "forlob.competences",
    "forlob.medical",
    "forlob.appointments",
    "forlob.cooperation",
    "forlob.psychiatry",
    "forlob.coordination",
    "forlob.registers",
    "forlob.strategy",
    "forlob.kl12",
    "forlob.stats",
    "forlob.audit",
    "forlob.oversight",
    "forlob.api",
    "forlob.demo",
]

MIDDLEWARE = [
    "forlob.common.middleware.AnswerHealthChecks",  # first: /healthz and /readyz touch no session
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "forlob.api.middleware.JsonErrors",  # errors under /api/ as JSON, whoever made them
    "forlob.common.middleware.RefuseNulCharacters",
    "forlob.accounts.middleware.RefuseSecretsInUrl",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "forlob.accounts.middleware.LogInvalidSession",
    "forlob.common.sessions.RefreshIdleSessions",  # after the view: moves the idle end once a minute
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",  # before EndLongSessions, which leaves a message
    "forlob.accounts.middleware.EndLongSessions",
    "django_otp.middleware.OTPMiddleware",
    "forlob.accounts.middleware.RequireTwoFactor",
    "forlob.audit.refusals.LogRefusals",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "forlob.common.middleware.NoStoreForSignedInUsers",
    "axes.middleware.AxesMiddleware",
    "forlob.common.replica.ReadStatisticsFromReplica",  # last: the view's reads, not the user's
]

ROOT_URLCONF = "forlob.urls"
WSGI_APPLICATION = "forlob.wsgi.application"

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
                "forlob.accounts.context_processors.main_menu",
            ],
        },
    },
]

# Connections are kept CONN_MAX_AGE seconds and checked before each request uses them: a kept
# connection the database server has closed (a restart, a failover) is replaced, not handed to a
# view that would fail with it. On PostgreSQL, FORLOB_DB_POOL=1 shares a pool of connections
# among the threads of a worker instead (psycopg's pool; CONN_MAX_AGE is then 0, as Django
# requires); FORLOB_DB_POOL_MIN_SIZE and FORLOB_DB_POOL_MAX_SIZE size it. See docs/scale.md.
DB_POOL = env_bool("FORLOB_DB_POOL")


def database(url: str) -> dict[str, Any]:
    """One alias's settings from its URL, with Forløb's connection options."""
    config: dict[str, Any] = dj_database_url.parse(  # type: ignore[assignment]
        url,
        conn_max_age=0 if DB_POOL else int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Never creates the database file at run time; only migrate does (forlob/common/sqlite/base.py).
        config["ENGINE"] = "forlob.common.sqlite"
        # WAL: readers never wait for a writer. A writer waits up to the busy timeout for another
        # writer (an import commits in slices, each well under it) before the page answers 503.
        busy_ms = int(float(os.environ.get("FORLOB_SQLITE_BUSY_TIMEOUT", "20")) * 1000)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busy_ms};",
        }
    elif DB_POOL:
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("FORLOB_DB_POOL_MIN_SIZE", "2")),
            "max_size": int(os.environ.get("FORLOB_DB_POOL_MAX_SIZE", "10")),
            "timeout": 10,
        }
    return config


DATABASES = {"default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'forlob.sqlite3'}")}
# A read replica for the statistics (forlob/common/replica.py): their pages, exports and API read
# there; every write, and everything else, stays on default. In tests the replica is default.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["forlob.common.replica.ReplicaRouter"]
# The cache (rendered charts): FORLOB_CACHE_URL=redis://host:6379/0 shares it among every
# application server; without it, files under var/cache are shared by the workers of one machine
# (FORLOB_CACHE_URL=file:///path puts them elsewhere, locmem:// keeps one per process).
_cache_url = os.environ.get("FORLOB_CACHE_URL", "")
CACHES: dict[str, dict[str, Any]]
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "forlob",
        }
    }
elif _cache_url == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _cache_url.removeprefix("file://") or str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# /readyz reports not ready when the disk holding the SQLite database has less free space than this.
FORLOB_MIN_FREE_DISK_MB = int(os.environ.get("FORLOB_MIN_FREE_DISK_MB", "200"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview"
LOGOUT_REDIRECT_URL = "login"

# Login: Forløb's own passwords (FORLOB_LOCAL_LOGIN) and/or single sign-on through the
# municipality's OpenID Connect identity broker (configured when OIDC_OP_ISSUER is set).
LOCAL_LOGIN = env_bool("FORLOB_LOCAL_LOGIN", True)
OIDC_ENABLED = bool(os.environ.get("OIDC_OP_ISSUER"))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *(["forlob.accounts.oidc.MembershipOIDCBackend"] if OIDC_ENABLED else []),
    "forlob.accounts.backends.LocalLoginBackend",
]
_oidc_issuer = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_OP_ISSUER = _oidc_issuer
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "forlob")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_oidc_issuer}/authorize")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", f"{_oidc_issuer}/token")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", f"{_oidc_issuer}/userinfo")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", f"{_oidc_issuer}/jwks")
OIDC_USE_PKCE = True
LOGIN_REDIRECT_URL_FAILURE = "/log-ind/"
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = False
# The claim holding the user's roles, each "<institution code>:<role>", e.g. "3502:behandler".
FORLOB_OIDC_ROLES_CLAIM = os.environ.get("FORLOB_OIDC_ROLES_CLAIM", "forlob_roles")
# The broker does its own two-factor login (MitID Erhverv); Forløb asks for no second code.
FORLOB_OIDC_COUNTS_AS_2FA = env_bool("FORLOB_OIDC_COUNTS_AS_2FA", True)

# Two-factor login (TOTP) for everyone who reads person data; on by default outside development.
FORLOB_REQUIRE_2FA = env_bool("FORLOB_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Forløb"
# API tokens are made for at most this many days (forlob/api/actions.py).
FORLOB_API_TOKEN_MAX_DAYS = int(os.environ.get("FORLOB_API_TOKEN_MAX_DAYS", "365"))

# National registration system to system (forlob/registers/adapter.py): each register's receiving
# endpoint and the token sent as a Bearer header. Without an endpoint, a register's submission is
# made as a file for upload in the register's own solution.
FORLOB_REGISTER_ENDPOINTS = {
    register: url
    for register, url in (
        ("nab", os.environ.get("FORLOB_NAB_ENDPOINT", "")),
        ("drugs", os.environ.get("FORLOB_DRUGS_ENDPOINT", "")),
    )
    if url
}
FORLOB_REGISTER_TOKEN = os.environ.get("FORLOB_REGISTER_TOKEN", "")

# Lockout after repeated failed logins (django-axes), per username.
AXES_FAILURE_LIMIT = int(os.environ.get("FORLOB_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("FORLOB_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Not per IP address: staff sign in from municipal networks behind shared addresses, where an
# address lockout would lock out a whole town hall because of one person's typing.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "forlob.accounts.views.locked_out"
AXES_VERBOSE = False

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
FORMAT_MODULE_PATH = ["forlob.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A session ends after this many idle minutes. A request moves the end when the session was last
# saved FORLOB_SESSION_REFRESH_SECONDS ago or more (forlob.common.sessions.RefreshIdleSessions),
# not on every request: one session write a minute per active user, not one per page.
SESSION_COOKIE_AGE = int(os.environ.get("FORLOB_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False
FORLOB_SESSION_REFRESH_SECONDS = int(os.environ.get("FORLOB_SESSION_REFRESH_SECONDS", "60"))
# Django's database sessions, except that a database that cannot be written answers 503, not 400.
SESSION_ENGINE = "forlob.common.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However active, a session ends this many hours after signing in (accounts.middleware.EndLongSessions).
FORLOB_SESSION_MAX_HOURS = int(os.environ.get("FORLOB_SESSION_MAX_HOURS", "8"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "forlob.accounts.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *([_oidc_issuer] if _oidc_issuer else [])],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Single sign-on's own check of ``next``, like forlob.common.views.next_url: https only.
    OIDC_REDIRECT_REQUIRE_HTTPS = True

# The application log (forlob/common/applog.py): one JSON line per write, refusal and security
# event, without person data. FORLOB_EVENT_LOG_LEVEL=WARNING silences it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "events": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "events": {"class": "logging.StreamHandler", "formatter": "events"},
    },
    "loggers": {
        "forlob.events": {
            "handlers": ["events"],
            "level": os.environ.get("FORLOB_EVENT_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Retention (see docs/security.md). The access log is kept at least 6 months.
FORLOB_ACCESS_LOG_RETENTION_DAYS = max(183, int(os.environ.get("FORLOB_ACCESS_LOG_RETENTION_DAYS", "730")))
FORLOB_HISTORY_RETENTION_DAYS = int(os.environ.get("FORLOB_HISTORY_RETENTION_DAYS", "1825"))
# How long the author of a session note may change it; after that only addenda are added.
FORLOB_NOTE_EDIT_HOURS = int(os.environ.get("FORLOB_NOTE_EDIT_HOURS", "24"))
FORLOB_CITIZEN_RETENTION_YEARS = int(os.environ.get("FORLOB_CITIZEN_RETENTION_YEARS", "5"))
# Emergency access ("nødadgang") to a citizen outside the user's units lasts this long.
FORLOB_EMERGENCY_ACCESS_HOURS = int(os.environ.get("FORLOB_EMERGENCY_ACCESS_HOURS", "12"))
# Accounts with no sign-in or API use for this many days are disabled (0: never). Off by default
# in development, so a demo database left for a while still lets its demo users in.
FORLOB_ACCOUNT_INACTIVE_DAYS = int(os.environ.get("FORLOB_ACCOUNT_INACTIVE_DAYS", "90" if PRODUCTION else "0"))
# Refused requests (403/404 on person data, failed CPR look-ups) a user may have within the window
# before every further attempt is refused (429) for the rest of it.
FORLOB_REFUSAL_LIMIT = int(os.environ.get("FORLOB_REFUSAL_LIMIT", "30"))
FORLOB_REFUSAL_WINDOW_MINUTES = int(os.environ.get("FORLOB_REFUSAL_WINDOW_MINUTES", "10"))
# Rows of the unit's access log a leader reviews each month.
FORLOB_LOG_REVIEW_SAMPLE = int(os.environ.get("FORLOB_LOG_REVIEW_SAMPLE", "20"))
# The citizen's insight report names staff only where the law in force requires it.
FORLOB_INSIGHT_SHOWS_STAFF = env_bool("FORLOB_INSIGHT_SHOWS_STAFF", False)

# The treatment guarantee: a course must be offered within this many days of the request.
TREATMENT_GUARANTEE_DAYS = 14
# Posts of a public form (Bliv kontaktet) accepted per address per minute.
# Reverse proxies in front of Forløb that append to X-Forwarded-For (0: use the connection's address).
FORLOB_PROXY_HOPS = int(os.environ.get("FORLOB_PROXY_HOPS", "0"))
FORLOB_PUBLIC_POSTS_PER_MINUTE = int(os.environ.get("FORLOB_PUBLIC_POSTS_PER_MINUTE", "10"))
# Handled contact requests from the public page are deleted this many days after handling.
FORLOB_CONTACT_REQUEST_RETENTION_DAYS = int(os.environ.get("FORLOB_CONTACT_REQUEST_RETENTION_DAYS", "90"))
PAGE_SIZE = 25

# Statistics: counts from 1 to this number minus one are shown as "<5" (see forlob/stats/suppression.py).
SUPPRESSION_THRESHOLD = int(os.environ.get("FORLOB_SUPPRESSION_THRESHOLD", "5"))
# The time one table's exact suppression check may take on a page, in seconds (0: no limit); a table
# that takes longer is shown with every non-zero count hidden until the nightly precompute_statistics.
FORLOB_SUPPRESSION_SECONDS = float(os.environ.get("FORLOB_SUPPRESSION_SECONDS", "1.0"))

# E-mail (follow-up reminders). Development prints mails to the console.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "forlob@localhost")
# The address used in links of e-mails, e.g. https://forlob.kommune.dk
FORLOB_BASE_URL = os.environ.get("FORLOB_BASE_URL", "http://127.0.0.1:8000")
