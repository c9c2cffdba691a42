import re

from django.middleware.gzip import GZipMiddleware
from django.utils import translation


class UserLanguageMiddleware:
    """The signed-in user's language choice wins; otherwise the session's, then Thai."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get("language")
        user = getattr(request, "user", None)
        if language is None and user is not None and user.is_authenticated:
            profile = getattr(user, "profile", None)
            language = profile.language if profile else None
        translation.activate(language or "th")
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


NUL_MARKERS = (b"\x00", b"%00", b"\\u0000")


class RejectNulMiddleware:
    """Refuse text holding a NUL character, wherever it comes in (query, form, JSON) with a 400.

    PostgreSQL text cannot store NUL (SQLite can), so such input would fail deep inside a save
    as a server error on one database and pass on the other. File contents are not text and
    are left alone: only the form fields of a multipart body are looked at.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(translation.gettext("Text may not contain NUL characters."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request):
        query = request.META.get("QUERY_STRING", "").encode("latin-1", "ignore").lower()
        if b"%00" in query or b"\x00" in query or "\x00" in request.path:
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/"):
            try:
                return any("\x00" in value for value in request.POST.values())
            except Exception:  # a malformed body: the view answers it as before
                return False
        if not (content_type.startswith(("application/json", "application/x-www-form-urlencoded", "text/"))):
            return False  # a file sent as the body: bytes, not text
        try:
            body = request.body
        except Exception:
            return False
        return any(marker in body.lower() for marker in NUL_MARKERS)


COMPRESSED_TYPES = ("text/html", "application/json", "text/plain", "text/csv", "application/xml", "text/xml")


class CompressPagesMiddleware(GZipMiddleware):
    """Gzip pages and JSON answers (a page is ~5-10 times smaller), never files (downloads, dossiers, PDFs
    are sent as they are: most are compressed already, and they keep their length).

    BREACH (a secret guessed from compressed sizes while an attacker injects text into the same page) is
    mitigated three ways: Django pads every gzipped answer with random bytes ("Heal the Breach", since
    Django 4.2), so sizes do not reveal matches; the CSRF token in a page is masked with a new random salt
    in every answer, so it never repeats; and the session cookie is SameSite=Lax, so the requests an
    attacker's page can make in the background (images, scripts, fetch) carry no session and get no
    member's page at all. Static files are compressed ahead of time (WhiteNoise) and answered before this.
    """

    def process_response(self, request, response):
        kind = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if kind not in COMPRESSED_TYPES or response.has_header("Content-Disposition"):
            return response
        return super().process_response(request, response)


HTMX_TAG = re.compile(rb'[ \t]*<script [^>]*data-if-used="hx"[^>]*></script>\n?')
HTMX_USED = re.compile(rb"\shx-(?:get|post|put|patch|delete)=")


class HtmxWhereUsedMiddleware:
    """A page loads htmx (50 KB) only if an element on it makes htmx requests: base.html names the script
    with data-if-used="hx", and it is taken out of pages without any hx-get/post/put/patch/delete.
    Decided on the finished page, so a partial included anywhere (or a new page) needs no extra step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.streaming or response.has_header("Content-Encoding")
                or not response.get("Content-Type", "").startswith("text/html")):
            return response
        content = response.content
        if b'data-if-used="hx"' in content and not HTMX_USED.search(content):
            response.content = HTMX_TAG.sub(b"", content, count=1)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
