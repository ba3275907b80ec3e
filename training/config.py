"""Configuration defaults; secrets come from instance/config.py or the environment.

training/core/settings.py loads these first, then instance/config.py, then the environment:
PRESISI_<NAME> sets any setting NAME (JSON values are parsed: PRESISI_LOGIN_RATE_LIMIT="5
per minute"), and the well-known names there (DATABASE_URL, SECRET_KEY, TRUSTED_PROXIES...)
are read without the prefix too.
"""

from datetime import timedelta


class Config:
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")
    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BTN_STYLE = "primary"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: None = automatic: Secure unless debug or testing (training/security/cookies.py);
    #: set False explicitly (or SESSION_COOKIE_SECURE=0) to serve plain HTTP beyond localhost.
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # token lives as long as the session
    #: Reverse proxies in front whose X-Forwarded-* headers are trusted (security/proxy.py).
    TRUSTED_PROXIES = 0
    #: Request log lines (ops/requestlog.py): ``json`` or ``text``; REQUEST_LOG None means
    #: automatic (on, except under tests).
    LOG_FORMAT = "json"
    LOG_LEVEL = "INFO"
    REQUEST_LOG: bool | None = None
    #: Folder of pg_dump/pg_restore for PostgreSQL backups (None: the PATH).
    PG_BIN: str | None = None
    #: Production (several processes): True refuses to start without a shared SECRET_KEY
    #: and a shared rate-limit store; deploy/gunicorn.conf.py sets PRESISI_PRODUCTION=1.
    PRODUCTION = False
    #: memory:// counts per process; several processes need redis://127.0.0.1:6379/0.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "presisi"
    RATELIMIT_STORAGE_OPTIONS: dict = {"socket_timeout": 1, "socket_connect_timeout": 1}
    #: When Redis does not answer, keep limiting per process instead of failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    #: Failed sign-ins of one account before it is locked, and for how long.
    LOGIN_LOCKOUT_ATTEMPTS = 5
    LOGIN_LOCKOUT_MINUTES = 15
    #: Largest accepted upload (imports); bigger requests get a clear 413 page.
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    #: Evidence attached to a readiness report: at most this many bytes per file.
    REPORT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    #: Course materials: where their files are kept (None: instance/materials) and the
    #: largest file accepted, for documents and images, and for short videos.
    MATERIALS_DIR = None
    MATERIALS_MAX_BYTES = 20 * 1024 * 1024
    MATERIALS_VIDEO_MAX_BYTES = 50 * 1024 * 1024
    #: Feedback after a session: participants who attended answer the survey until this
    #: many days after the session's end.
    FEEDBACK_WINDOW_DAYS = 14
    #: Online refreshers: the post-test score (percent) that completes one.
    ONLINE_PASS_SCORE = 70
    #: Online refreshers: people not done are reminded this many days before the deadline.
    ONLINE_REMINDER_DAYS = 3
    #: Imports (CSV/XLSX): data rows, columns, seconds spent reading, and the size of an
    #: XLSX once unzipped; whatever the file declares, reading stops at these bounds.
    IMPORT_MAX_ROWS = 50_000
    IMPORT_MAX_COLUMNS = 50
    IMPORT_MAX_SECONDS = 60
    IMPORT_MAX_XLSX_BYTES = 32 * 1024 * 1024
    #: An import waits for confirmation after its preview: where the upload is kept
    #: (None: instance/imports) and for how long.
    IMPORT_PENDING_DIR = None
    IMPORT_PENDING_MINUTES = 30
    #: Errors listed on the import page; the full list is a CSV download.
    IMPORT_ERRORS_SHOWN = 20
    #: Rows listed in an import preview (moved first, then changed, then new).
    IMPORT_PREVIEW_ROWS = 200
    PAGE_SIZE = 50
    API_TOKEN_DAYS = 90
    VERIFY_RATE_LIMIT = "30 per minute"
    CHECKIN_OPENS_MINUTES = 30
    #: A participant may cancel their own booking until this many hours before the first
    #: remaining meeting (a commander may cancel for their people until it starts).
    BOOKING_CANCEL_HOURS = 24
    #: People listed by name in the preview of an audience enrolment (the counts cover all).
    AUDIENCE_PREVIEW_ROWS = 100
    #: Outgoing mail for reminders: MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS/MAIL_USE_SSL,
    #: MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER from instance/config.py or the environment.
    #: Without MAIL_SERVER, messages wait in the outbox (nothing is lost).
    #: Job queue (training/jobs): the Celery broker, also its result store, e.g.
    #: redis://127.0.0.1:6379/1 (CELERY_BROKER_URL sets it too). Empty: there is no worker
    #: and a job runs inside the web request that starts it (``make run``).
    JOBS_BROKER_URL = ""
    #: A job's result file stays downloadable this many days, in JOBS_RESULT_DIR (None:
    #: instance/jobs; the web processes and the workers must share it).
    JOBS_RESULT_DAYS = 7
    JOBS_RESULT_DIR: str | None = None
    #: A job that fails unexpectedly is retried this often, waiting JOBS_RETRY_BACKOFF
    #: seconds, then twice as long each time, before it is marked failed.
    JOBS_MAX_RETRIES = 3
    JOBS_RETRY_BACKOFF = 10
    #: Seconds before a job taken by a worker that died unacknowledged is handed to another
    #: worker; longer than the longest job (else a slow job could run twice at once).
    JOBS_VISIBILITY_TIMEOUT = 4 * 3600
    #: Seconds between a worker's sweeps for such abandoned jobs.
    JOBS_RESTORE_SECONDS = 10
    #: Celery beat (local time, BABEL_DEFAULT_TIMEZONE): the daily readiness snapshot and
    #: the expiry reminders; JOBS_BEAT_SECONDS (tests) runs both every so many seconds.
    JOBS_SNAPSHOT_HOUR = 1
    JOBS_REMINDERS_HOUR = 7
    JOBS_BEAT_SECONDS: float | None = None
    #: Seconds between beat's refreshes of the course standing of people who checked
    #: themselves in (a check-in request leaves it to them: training/standing/checkins.py).
    JOBS_CHECKIN_STANDING_SECONDS = 60.0
    #: Seconds between beat's gradings of the quiz attempts whose time ran out.
    JOBS_QUIZ_SECONDS = 60.0
    #: Response breaches (issue 15 point 5): when one unit's own accounts hold more than this
    #: many open mentions past their target, its commander and the commander of the unit
    #: above are told (in the app and by e-mail), at most once a local day per unit; checked
    #: by the hourly notifications task and ``flask notifications breaches``.
    RESPONSE_BREACH_NOTIFY_COUNT = 5
    #: Most certificates in one bulk job (a direct download stops at 5,000).
    JOBS_BULK_MAX = 200_000
    #: A confirmed import of at least this many rows runs as a job (with its progress page).
    IMPORT_JOB_MIN_ROWS = 2000
    #: Sign-in accounts (training/auth/activation.py, training/signin/): how long an
    #: activation code (printed sheet or e-mail) and a password reset link stay valid, and
    #: how many activation, reset-request and reset attempts one address may make.
    ACTIVATION_CODE_HOURS = 14 * 24
    PASSWORD_RESET_MINUTES = 60
    ACTIVATION_RATE_LIMIT = "10 per minute"
    PASSWORD_RESET_RATE_LIMIT = "5 per minute"
    #: The address printed on activation sheets and written in e-mails (None: the address
    #: of the request), e.g. "https://pelatihan.polri.go.id".
    PUBLIC_BASE_URL: str | None = None
    #: Directory sign-in (training/auth/directory.py): none without LDAP_URL.
    LDAP_URL: str | None = None
    LDAP_BASE_DN = ""
    LDAP_BIND_DN = ""
    LDAP_BIND_PASSWORD = ""
    LDAP_USER_FILTER = "(employeeNumber={nrp})"
    LDAP_TIMEOUT = 5
    #: A directory user whose NRP/NIP is an active person's without an account gets one at
    #: their first sign-in (participant; commander for a commander's position); False: not.
    LDAP_CREATE_ACCOUNTS = True
