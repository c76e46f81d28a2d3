"""Settings for the test suite: the real settings with development defaults."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from tso.settings import *  # noqa: E402,F403
from tso.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client and live server speak plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Tests serve static files through the finders; there is no collectstatic run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Threads of the live server must not keep connections open past the test run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Board print jobs: the web request only creates them; tests run them with
# call_command("run_report_job", id), in a folder of their own.
REPORT_JOB_RUNNER = "manual"
REPORT_JOB_DIR = Path(tempfile.gettempdir()) / f"tso-test-printopdrachten-{os.getpid()}"
