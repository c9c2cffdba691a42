"""Production settings pass `check --deploy`; secrets and hosts are required; passwords use Argon2;
every page carries the Content-Security-Policy, and templates need no inline script or style element."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

import genderseal.settings as project_settings

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT / "src" / "genderseal" / "templates"
# Rendered into PDF (WeasyPrint) or into a dossier ZIP, never served as a page.
DOCUMENT_TEMPLATES = {"reports/readiness.html", "reports/_style.html", "reports/progress.html",
                      "reports/comparison.html", "analysis/document.html", "readiness/briefing_pack.html",
                      "evidence/dossier_index.html", "reports/memo.html",
                      # Printed documents (WeasyPrint), never served as pages:
                      "reports/_official.html", "reports/dossier_cover.html", "survey/slips_pdf.html"}


def run(args, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "GENDERSEAL_PRODUCTION", "SECURE_COOKIES",
                          "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DATABASE_URL",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}  # set by tests/conftest.py for Playwright
    return subprocess.run([sys.executable, *args], cwd=PROJECT, capture_output=True, text=True, timeout=180,
                          env={**clean, **env})


def production_env(**extra):
    return {"GENDERSEAL_PRODUCTION": "true", "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "seal.example.go.th", "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
            **extra}


def test_check_deploy_is_clean_in_production(tmp_path):
    done = run(["-m", "genderseal.cli", "check", "--deploy", "--fail-level", "WARNING"],
               GENDERSEAL_VAR_DIR=str(tmp_path), **production_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


SETTINGS_PROBE = ("import genderseal.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
                  "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.ALLOWED_HOSTS)")


def test_production_settings_values():
    done = run(["-c", SETTINGS_PROBE], **production_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:4] == ["True", "31536000", "True", "True"]
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in done.stdout and "seal.example.go.th" in done.stdout


@pytest.mark.parametrize("missing, message", [
    ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": "short"}, "at least 50"),
    ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
    ({"DEBUG": "true"}, "DEBUG must be false"),
])
def test_production_refuses_missing_secrets(missing, message):
    env = production_env()
    env.update(missing)
    done = run(["-c", "import genderseal.settings"], **{k: v for k, v in env.items() if v})
    assert done.returncode != 0 and message in done.stderr


def test_new_passwords_use_argon2(settings):
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # tests otherwise use a fast hasher
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$") and identify_hasher(encoded).algorithm == "argon2"


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(client, login):
    for browser, url in [(client, "/accounts/login/"), (login("secretariat"), "/i/bma/"),
                         (login("secretariat"), "/i/bma/evidence/")]:
        response = browser.get(url)
        assert response.status_code == 200, url
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'" and policy["frame-ancestors"] == "'none'", url
        assert response["X-Frame-Options"] == "DENY"


def page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in DOCUMENT_TEMPLATES:
            yield name, path.read_text(encoding="utf-8")


def test_templates_have_no_inline_script_handler_or_style_element():
    problems = []
    for name, text in page_templates():
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                problems.append(f"{name}: inline <script>")
        if re.search(r"<style\b", text):
            problems.append(f"{name}: <style> element (use a file under static/css)")
        if re.search(r"\son[a-z]+\s*=", text):
            problems.append(f"{name}: inline event handler (static/js/app.js has data-autosubmit, "
                            "data-confirm, data-print)")
        if "javascript:" in text:
            problems.append(f"{name}: javascript: URL")
    assert not problems, "\n".join(problems)
