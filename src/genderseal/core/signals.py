from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def restore_language(sender, request, user, **kwargs):
    """The language a user chose last time follows them to a new session."""
    profile = getattr(user, "profile", None)
    if profile is not None:
        request.session["language"] = profile.language
