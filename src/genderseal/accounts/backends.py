"""Sign in with the user name or the e-mail address (invited people's user name is their e-mail)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    def get_user(self, user_id):
        # Every request reads the profile (its language, core/middleware.py): read it with the user.
        user = get_user_model()._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None or not username or "@" not in username:
            return user
        matches = list(get_user_model().objects.filter(email__iexact=username.strip())[:2])
        if len(matches) != 1:  # unknown, or an address two accounts share: the user name is needed
            get_user_model()().set_password(password)  # the same work as a real check
            return None
        candidate = matches[0]
        if candidate.check_password(password) and self.user_can_authenticate(candidate):
            return candidate
        return None
