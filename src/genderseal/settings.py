"""One settings module, configured from the environment.

Defaults run locally: SQLite under var/, debug off unless asked for.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GENDERSEAL_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the default SQLite database lives here


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Production mode (docs/operations.md): HTTPS only, secrets and hosts required from the environment.
# Explicit, not "DEBUG is false": DEBUG is false by default, in tests and on plain-HTTP local runs too.
PRODUCTION = env_bool("GENDERSEAL_PRODUCTION", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be false when GENDERSEAL_PRODUCTION is true")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION or (not DEBUG and env_bool("GENDERSEAL_REQUIRE_SECRET", False)):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-local-development-key-change-me"
elif PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production")
if PRODUCTION and not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated host names)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "genderseal.worker",  # before django_tasks_db: its db_worker recovers tasks of dead workers
    "django_tasks",
    "django_tasks_db",
    "genderseal.core",
    "genderseal.accounts",
    "genderseal.standards",
    "genderseal.assessments",
    "genderseal.notifications",
    "genderseal.evidence",
    "genderseal.organisation",
    "genderseal.planning",
    "genderseal.readiness",
    "genderseal.analysis",
    "genderseal.reports",
    "genderseal.opendata",
    "genderseal.assessors",
    "genderseal.survey",
    "genderseal.mywork",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "genderseal.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files answered here, compressed when collected
    "genderseal.core.middleware.CompressPagesMiddleware",  # pages and JSON gzipped (BREACH: see the class)
    "genderseal.core.middleware.HtmxWhereUsedMiddleware",  # before compressing: htmx only on pages using it
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "genderseal.core.middleware.UserLanguageMiddleware",
    "genderseal.core.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "genderseal.urls"
WSGI_APPLICATION = "genderseal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "genderseal.core.navigation.membership_and_navigation",
            ],
            "builtins": ["genderseal.core.templatetags.thai"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gender-seal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE avoids
    # "database is locked" on lock upgrades inside transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"].setdefault("TEST", {})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool of connections per process (psycopg_pool through Django): a request takes an open
    # connection instead of opening one (~5-10 ms and a PostgreSQL backend process each time).
    # DB_POOL_MAX=0 turns it off (then DATABASE_CONN_MAX_AGE applies; the two do not combine).
    DB_POOL_MAX = env_int("DB_POOL_MAX", 4)
    if DB_POOL_MAX > 0:
        if DATABASES["default"]["CONN_MAX_AGE"]:
            raise ImproperlyConfigured("DATABASE_CONN_MAX_AGE must be 0 with the pool (set DB_POOL_MAX=0 to use it)")
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env_int("DB_POOL_MIN", 1), DB_POOL_MAX),
            "max_size": DB_POOL_MAX,
            "timeout": env_int("DB_POOL_TIMEOUT", 10),  # seconds to wait for a free connection, then an error
            "max_idle": env_int("DB_POOL_MAX_IDLE", 600),  # seconds an unused connection above min_size stays
        }
    # Server-side prepared statements: a query text run DB_PREPARE_THRESHOLD times on a connection is
    # prepared, and PostgreSQL may keep its plan: planning was most of the server's time per page
    # (docs/performance.md). 0 turns it off (as behind PgBouncer in transaction mode).
    DB_PREPARE_THRESHOLD = env_int("DB_PREPARE_THRESHOLD", 2)
    if DB_PREPARE_THRESHOLD > 0:
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": DB_PREPARE_THRESHOLD})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Length over complexity (NIST SP 800-63B): at least 12 characters, not a common password, not the
# person's own name or e-mail; no rules about character classes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "genderseal.accounts.passwords.MinimumLength", "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "genderseal.accounts.passwords.NotCommon"},
    {"NAME": "genderseal.accounts.passwords.NotLikeYou"},
    {"NAME": "genderseal.accounts.passwords.NotOnlyDigits"},
]
# Sign-in with the organisation's identity provider (OpenID Connect, accounts/oidc.py): on when
# OIDC_RP_CLIENT_ID is set; members are matched by e-mail. docs/operations.md "Sign-in".
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False  # only members (invited first) sign in this way
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")  # shown on the sign-in button
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?oidc=failed"
if OIDC_ENABLED and not (OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_USER_ENDPOINT
                         and (OIDC_OP_JWKS_ENDPOINT or not OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")))):
    raise ImproperlyConfigured("OIDC_RP_CLIENT_ID is set: set OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, "
                               "OIDC_OP_USER_ENDPOINT and OIDC_OP_JWKS_ENDPOINT too")
AUTHENTICATION_BACKENDS = [
    "genderseal.accounts.backends.UsernameOrEmailBackend",
    "genderseal.accounts.oidc.MemberBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
try:  # Sarabun TTFs come from a pinned PyPI package, served as our own static files.
    import fontpkg_sarabun

    STATICFILES_DIRS.append(("fonts", Path(fontpkg_sarabun.__file__).parent / "files"))
except ImportError:  # pragma: no cover - installed with the project
    pass
WHITENOISE_USE_FINDERS = True
WHITENOISE_ROOT = BASE_DIR / "root"  # files served at the site's root: favicon.ico
# Collected static files with content-hashed names (cached for a year) and gzip copies that WhiteNoise sends
# to browsers that accept them: on by default in production (where `collectstatic` runs at each release,
# docs/operations.md); without it, files are served from the source folders as they are.
STATIC_COMPRESSED = env_bool("STATIC_COMPRESSED", PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if STATIC_COMPRESSED
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Evidence (genderseal.evidence): uploads, storage and search.
EVIDENCE_MAX_UPLOAD_BYTES = env_int("EVIDENCE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
EVIDENCE_MAX_UNPACKED_BYTES = env_int("EVIDENCE_MAX_UNPACKED_BYTES", 500 * 1024 * 1024)  # Office files are zips
# Meaning vectors of each item's text, computed in the background after every re-index (evidence/meaning.py).
EVIDENCE_MEANING = env_bool("EVIDENCE_MEANING", True)
EVIDENCE_ROOT = os.environ.get("EVIDENCE_ROOT") or None  # local files; default MEDIA_ROOT/evidence
# Issued reports (reports/): files under REPORTS_ROOT (default MEDIA_ROOT/reports); a report with no
# progress for this many minutes is failed (a dead worker) and may be requested again.
REPORTS_ROOT = os.environ.get("REPORTS_ROOT") or None
REPORTS_STALE_MINUTES = env_int("REPORTS_STALE_MINUTES", 15)
EVIDENCE_S3_BUCKET = os.environ.get("EVIDENCE_S3_BUCKET", "")  # set to store files in S3-compatible storage
EVIDENCE_S3_OPTIONS = {
    "bucket_name": EVIDENCE_S3_BUCKET,
    "endpoint_url": os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None,
    "region_name": os.environ.get("EVIDENCE_S3_REGION") or None,
    "access_key": os.environ.get("EVIDENCE_S3_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("EVIDENCE_S3_SECRET_ACCESS_KEY") or None,
    "location": os.environ.get("EVIDENCE_S3_PREFIX", "evidence"),
    "file_overwrite": False,
    "default_acl": None,
}
# PyThaiNLP must never download or write to the home directory.
os.environ.setdefault("PYTHAINLP_DATA", str(VAR_DIR / "pythainlp-data"))
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 50)

# Per-process memory by default. Nothing needs a shared cache to be correct (planning keys carry
# change stamps read from the database; opendata follows within 30 s); a shared one (e.g.
# CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache CACHE_LOCATION=gender_seal_cache after
# `gender-seal createcachetable`) only saves work across app servers. See docs/operations.md.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", ""),
    }
}

# Queues (genderseal/worker/queues.py, docs/operations.md "Workers"): `extraction` (text, meaning
# vectors), `documents` (reports, dossiers, briefing packs) and `default` (mail); one worker each in
# `make run`. Every task stops after its queue's limit (seconds) and what it was building is failed.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "extraction", "documents"],
    }
}
TASK_TIME_LIMITS = {
    "extraction": env_int("TASK_LIMIT_EXTRACTION", 300),
    "documents": env_int("TASK_LIMIT_DOCUMENTS", 900),
    "default": env_int("TASK_LIMIT_DEFAULT", 300),
}
# Interrupted tasks (genderseal.worker.recovery): a task claimed by a worker that died is queued
# again, up to TASKS_MAX_ATTEMPTS tries, then marked failed. A dead worker on the same host is
# seen at once; one on another host once its task has run TASKS_STALE_AFTER seconds.
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 3)
TASKS_STALE_AFTER = env_int("TASKS_STALE_AFTER", 6 * 3600)
TASKS_RECOVER_INTERVAL = env_int("TASKS_RECOVER_INTERVAL", 60)
# Text extraction of an uploaded file runs in a child process with these limits (evidence/extract.py);
# over them the revision is marked failed with the reason, and the worker goes on with the next task.
EXTRACTION_CPU_SECONDS = env_int("EXTRACTION_CPU_SECONDS", 60)
EXTRACTION_MEMORY_MB = env_int("EXTRACTION_MEMORY_MB", 1024)
EXTRACTION_WALL_SECONDS = env_int("EXTRACTION_WALL_SECONDS", 180)

# Security (docs/operations.md "Security settings"). Sessions live in the database.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # (Django's default) not sent with cross-site background requests: see CompressPagesMiddleware
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)  # allows preloading; submitting is separate
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a proxy that terminates TLS: SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https"
# (only when the proxy always sets or strips that header).
_proxy_ssl = os.environ.get("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl:
    _header, _, _value = _proxy_ssl.partition(":")
    if not _header.strip() or not _value.strip():
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must look like 'X-Forwarded-Proto: https'")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip())
# The client address for login throttling: REMOTE_ADDR, or the last entry of this header
# (e.g. X-Forwarded-For) when a trusted proxy in front sets it.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
LOGIN_THROTTLE_ATTEMPTS = env_int("LOGIN_THROTTLE_ATTEMPTS", 5)  # failed sign-ins per user name and address ...
LOGIN_THROTTLE_MINUTES = env_int("LOGIN_THROTTLE_MINUTES", 15)  # ... within this many minutes, then refused
# From one address across every user name in that window (password spraying; an office behind one NAT
# shares it), and from everywhere together within one minute (each try costs an Argon2 hash).
LOGIN_THROTTLE_ADDRESS_ATTEMPTS = env_int("LOGIN_THROTTLE_ADDRESS_ATTEMPTS", 30)
LOGIN_THROTTLE_TOTAL_PER_MINUTE = env_int("LOGIN_THROTTLE_TOTAL_PER_MINUTE", 120)
# Argon2 for new passwords; older hashes still verify and are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Content-Security-Policy (core/security.py). No inline scripts or <style> elements; style
# attributes are allowed (bar widths and column sizes are drawn with them).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

# Mail (docs/operations.md "Mail"): SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gender-seal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach the site at, for links in mail sent outside a request (the command line).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Invitations (accounts/): single-use links that expire after this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
