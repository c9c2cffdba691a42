"""Password rules for officials: length over complexity (settings.AUTH_PASSWORD_VALIDATORS).

Django's rules with their messages in our catalogues (Django's own Thai catalogue lacks them).
"""
from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLength(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext("This password is too short: use at least %(min_length)d character, a few words will do.",
                        "This password is too short: use at least %(min_length)d characters, a few words will do.",
                        self.min_length) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext("At least %(min_length)d character; a few words you remember are best.",
                        "At least %(min_length)d characters; a few words you remember are best.",
                        self.min_length) % {"min_length": self.min_length}


class NotCommon(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common.")

    def get_help_text(self):
        return _("Not a commonly used password.")


class NotLikeYou(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("The password is too similar to your %(verbose_name)s.")

    def get_help_text(self):
        return _("Not like your name or e-mail address.")


class NotOnlyDigits(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password is entirely digits.")

    def get_help_text(self):
        return _("Not digits only.")
