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
