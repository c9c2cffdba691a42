from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessorsConfig(AppConfig):
    name = "genderseal.assessors"
    label = "assessors"
    verbose_name = _("Assessor workspace")

    def ready(self):
        from genderseal.notifications.messages import register_message

        register_message("assessor_assigned", _("You were assigned to assess round %(round)s of %(institution)s."))
        register_message("clarification_asked",
                         _("%(actor)s asked for clarification on benchmark %(code)s of round %(round)s."))
        register_message("clarification_answered",
                         _("%(actor)s answered the clarification on benchmark %(code)s of round %(round)s."))
        register_message("ratings_published", _("The assessors published their ratings of round %(round)s."))
