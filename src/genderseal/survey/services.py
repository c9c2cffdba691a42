"""The verbs of the staff survey. Management is audited; answering is deliberately not (an audit
event would carry a time and could tie a response to the link that was used).
"""
import re
import smtplib
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from genderseal.core import errors
from genderseal.core.audit import record
from genderseal.core.errors import Invalid, StaleEdit  # noqa: F401 (re-exported)
from genderseal.core.models import OrgUnit

from .models import (
    AgeGroup,
    Answer,
    Delivery,
    Invitation,
    LinkBatch,
    QuestionKind,
    Response,
    Sex,
    Survey,
    SurveyQuestion,
    SurveyStatus,
)
from .rules import batch_check, check_value

STANDARD = Path(__file__).with_name("standard_questions.yaml")
MAX_LINKS = 1000  # per batch by e-mail
MAX_SLIPS = 200  # per batch of printed slips: the PDF is built in the request (docs/performance.md)
MAX_TEXT = 4000
# Dimension 3 benchmarks the survey's results are evidence for: 3.3.3 "staff opinion on gender
# equality in the workplace is surveyed periodically; results are analysed by sex" (docs/survey.md).
EVIDENCE_BENCHMARKS = ("3.3.3",)


SurveyError = errors.DomainError
Refused = errors.Conflict  # the response as a whole is refused (closed, link used): nothing was saved


def ref(survey):
    return f"survey:{survey.pk}"


def _audit(action, membership, survey, **detail):
    record(action, survey, institution=membership.institution, actor=membership.user, ref=ref(survey), **detail)


def standard_set():
    return yaml.safe_load(STANDARD.read_text(encoding="utf-8"))


def add_standard_questions(survey):
    """Append the standard questions (standard_questions.yaml) after the survey's own."""
    data = standard_set()
    start = (survey.questions.order_by("-order").values_list("order", flat=True).first() or 0)
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, order=start + n, topic=row["topic"], kind=row.get("kind", QuestionKind.LIKERT),
                       text_th=row["th"], text_en=row.get("en", ""))
        for n, row in enumerate(data["questions"], start=1))


SURVEY_FIELDS = ["title_th", "title_en", "intro_th", "intro_en", "opens_at", "closes_at", "owner_unit"]


@transaction.atomic
def create_survey(membership, data, standard=True):
    values = {k: data.get(k) for k in SURVEY_FIELDS if k in data}
    if standard:
        defaults = standard_set()
        values["title_th"] = values.get("title_th") or defaults["title"]["th"]
        values["title_en"] = values.get("title_en") or defaults["title"]["en"]
        values["intro_th"] = values.get("intro_th") or defaults["intro"]["th"]
        values["intro_en"] = values.get("intro_en") or defaults["intro"]["en"]
    if not (values.get("title_th") or values.get("title_en")):
        raise SurveyError(_("Give the survey a title."))
    if values.get("owner_unit") is None:
        values["owner_unit"] = membership.units.first()
    survey = Survey.objects.create(institution=membership.institution, **values)
    if standard:
        add_standard_questions(survey)
    _audit("survey.create", membership, survey, after=values,
           questions=survey.questions.count())
    return survey


@transaction.atomic
def update_survey(membership, survey, data, version):
    """Save the survey's fields if nobody saved since `version` (one conditional UPDATE)."""
    changes = {k: data[k] for k in SURVEY_FIELDS if k in data}
    before = {k: getattr(survey, k) for k in changes}
    if not Survey.objects.filter(pk=survey.pk, version=version).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes):
        raise StaleEdit(_("Someone else saved this survey in the meantime. Reload it and make your change again."))
    survey.refresh_from_db()
    _audit("survey.update", membership, survey, before=before, after=changes)
    return survey


def questions_locked(survey):
    """Questions cannot change once anyone has answered: the results would mix two questionnaires."""
    return survey.responses.exists()


@transaction.atomic
def save_questions(membership, survey, formset):
    if questions_locked(survey):
        raise SurveyError(_("The questions cannot change once responses have come in."))
    before = [str(q.text_th) for q in survey.questions.all()]
    formset.instance = survey
    formset.save()
    after = [str(q.text_th) for q in survey.questions.all()]
    if before != after:
        _audit("survey.questions", membership, survey, before={"questions": before}, after={"questions": after})


MOVES = {  # name: (from, to). Closing is final: results are only shown once no answer can come in.
    "open": ({SurveyStatus.DRAFT}, SurveyStatus.OPEN),
    "close": ({SurveyStatus.OPEN}, SurveyStatus.CLOSED),
}


@transaction.atomic
def move(membership, survey, name, now=None):
    sources, target = MOVES[name]
    now = now or timezone.now()
    if survey.status not in sources:
        raise SurveyError(_("This step is not possible now."))
    fields = {"status": target, "version": F("version") + 1, "updated_at": now}
    if name == "open":
        if not survey.questions.exists():
            raise SurveyError(_("Add questions before opening the survey."))
        if survey.closes_at and survey.closes_at <= now:
            raise SurveyError(_("The closing time has passed. Set a later closing time first."))
    if name == "close" and (survey.closes_at is None or survey.closes_at > now):
        fields["closes_at"] = now
    if not Survey.objects.filter(pk=survey.pk, status=survey.status).update(**fields):
        raise StaleEdit(_("Someone else changed this survey in the meantime. Reload it and try again."))
    before = survey.status
    survey.refresh_from_db()
    _audit(f"survey.{name}", membership, survey, before={"status": before}, after={"status": target})
    return survey


def parse_addresses(text):
    """The distinct e-mail addresses of a pasted list (one per line, or separated by commas or
    semicolons); Invalid naming the line of the first wrong one."""
    addresses, seen = [], set()
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        for raw in re.split(r"[,;\s]+", line):
            raw = raw.strip().strip("<>")
            if not raw:
                continue
            try:
                validate_email(raw)
            except ValidationError:
                raise Invalid({"emails": _("Line %(line)s: “%(value)s” is not an e-mail address.")
                               % {"line": number, "value": raw[:80]}}) from None
            if raw.lower() not in seen:
                seen.add(raw.lower())
                addresses.append(raw)
    return addresses


def earlier_batches(survey, unit):
    """(links made for the unit so far, the staff counts given with them)."""
    rows = list(LinkBatch.objects.filter(survey=survey, unit=unit).values_list("count", "staff_count"))
    return sum(count for count, _staff in rows), {staff for _count, staff in rows}


@transaction.atomic
def make_batch(membership, survey, unit, staff_count, delivery, count=0, emails=(), link_for=None):
    """Make one batch of single-use links for the staff of `unit` and record it.

    The tokens exist only in what this returns (for printed slips) or in the mails sent here; the
    database keeps their digests. A batch larger than the unit's staff count is refused; one that
    takes the unit over its staff count (links made again after a lost batch) is flagged.
    Returns (batch, tokens); for e-mail, tokens is empty (they went out in the mail).
    """
    if survey.status == SurveyStatus.CLOSED:
        raise SurveyError(_("The survey is closed: no more links can be made."))
    if not respondent_units(survey).filter(pk=getattr(unit, "pk", None)).exists():
        raise Invalid({"unit": _("Choose a unit from the list.")})
    if delivery == Delivery.EMAIL:
        emails = list(emails)
        count = len(emails)
        if not count:
            raise Invalid({"emails": _("Give at least one e-mail address.")})
    most = MAX_LINKS if delivery == Delivery.EMAIL else MAX_SLIPS
    if not 1 <= count <= most:
        raise Invalid({"count": _("Ask for 1 to %(n)s links at a time.") % {"n": most}})
    earlier, staff_before = earlier_batches(survey, unit)
    refusal, flagged = batch_check(count, staff_count, earlier, staff_before)
    if refusal == "no-staff":
        raise Invalid({"staff_count": _("Give the number of staff in the unit.")})
    if refusal:
        raise Invalid({"count": _("%(count)s links are more than the %(staff)s staff of %(unit)s. "
                                  "Make one link per staff member.")
                       % {"count": count, "staff": staff_count, "unit": unit}})
    made = [Invitation.make(survey) for _n in range(count)]
    Invitation.objects.bulk_create(invitation for invitation, _token in made)
    tokens = [token for _invitation, token in made]
    batch = LinkBatch.objects.create(survey=survey, unit=unit, delivery=delivery, count=count,
                                     staff_count=staff_count, earlier=earlier, flagged=flagged,
                                     made_by=membership.user)
    _audit("survey.links", membership, survey, unit=unit.code, delivery=delivery, count=count,
           staff_count=staff_count, flagged=flagged)
    if delivery == Delivery.EMAIL:
        try:
            send_links(survey, emails, tokens, link_for)
        except (OSError, smtplib.SMTPException) as error:  # the batch and its links are rolled back
            raise SurveyError(_("The mail could not be sent (%(error)s): no link was made. Links already "
                                "delivered before the failure do not work; try again.") % {"error": error}) from None
        return batch, []
    return batch, tokens


def send_links(survey, emails, tokens, link_for):
    """One mail per address, each with its own link; addresses are not kept."""
    from django.core.mail import EmailMessage, get_connection

    from genderseal.core.mail import header_line

    texts = {}
    for language in ("th", "en"):
        with translation.override(language):
            texts[language] = (str(survey.title), _(
                "You are invited to answer the staff opinion survey on gender equality in the workplace. "
                "The link below is yours alone and accepts one response. The survey is anonymous: nothing "
                "stored with your answers tells who you are or which link you used. Please do not forward it."))
    subject = header_line(f"{texts['th'][0]} / {texts['en'][0]}")
    messages = [EmailMessage(subject, f"{texts['th'][1]}\n\n{link_for(token)}\n\n{texts['en'][1]}\n", to=[address])
                for address, token in zip(emails, tokens)]
    get_connection(fail_silently=False).send_messages(messages)


# --- Answering (public, anonymous) -----------------------------------------------------------

def _clean_answer(question, raw):
    """(answer or None, problem or None) of one question's submitted value."""
    if question.is_likert:
        try:
            value = check_value(raw)
        except ValueError:
            return None, _("Choose one of the points 1 to 5 for “%(q)s”.") % {"q": question.text}
        if value is not None:
            return Answer(question=question, value=value), None
    else:
        text = (raw or "").strip()
        if len(text) > MAX_TEXT:
            return None, _("Please keep your answer under %(n)s characters.") % {"n": MAX_TEXT}
        if text:
            return Answer(question=question, text=text), None
    return None, (_("Please answer “%(q)s”.") % {"q": question.text} if question.required else None)


def _clean_profile(survey, data, problems):
    profile = {"sex": data.get("sex") or "", "age_group": data.get("age_group") or "", "unit": None}
    if profile["sex"] not in Sex.values + [""]:
        problems["sex"] = _("Choose a sex from the list, or leave it empty.")
    if profile["age_group"] not in AgeGroup.values + [""]:
        problems["age_group"] = _("Choose an age group from the list, or leave it empty.")
    if data.get("unit"):
        unit = respondent_units(survey).filter(pk=data["unit"]).first() if str(data["unit"]).isdecimal() else None
        if unit is None:
            problems["unit"] = _("Choose a unit from the list, or leave it empty.")
        profile["unit"] = unit
    return profile


def clean_response(survey, data):
    """Check a submitted form (`q<id>` per question, `sex`, `age_group`, `unit`) without saving anything.

    Returns (profile, answers) or raises Invalid with one message per wrong field.
    """
    problems, answers = {}, []
    for question in survey.questions.all():
        answer, problem = _clean_answer(question, data.get(f"q{question.pk}"))
        if problem:
            problems[f"q{question.pk}"] = problem
        elif answer is not None:
            answers.append(answer)
    profile = _clean_profile(survey, data, problems)
    if not answers and not problems:
        problems["__all__"] = _("Please answer at least one question.")
    if problems:
        raise Invalid(problems)
    return profile, answers


def respondent_units(survey):
    """The units a respondent may name: the institution's top-level units that are in use."""
    return OrgUnit.objects.filter(institution=survey.institution_id, parent=None, retired_at=None).order_by("code")


def submit(invitation, data, now=None):
    """Save one anonymous response through `invitation`, or refuse it.

    A single-use link is marked used by one conditional UPDATE (`... WHERE used = false`) in
    the same transaction as the response: of two submissions at once only one updates a
    row; the other is refused and nothing of it is saved. The response keeps no reference
    to the link, no time (the date only) and a random primary key.
    """
    now = now or timezone.now()
    survey = invitation.survey
    reason = survey.refusal(now)
    if reason:
        raise Refused(reason)
    if invitation.used and not invitation.reusable:
        raise Refused(_("This link has already been used to answer the survey. Each link accepts one response."))
    profile, answers = clean_response(survey, data)
    with transaction.atomic():
        if not invitation.reusable and not Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True):
            raise Refused(_("This link has already been used to answer the survey. Each link accepts one response."))
        current = Survey.objects.filter(pk=survey.pk).values_list("status", "closes_at").first()
        if current is None or current[0] != SurveyStatus.OPEN or (current[1] and now >= current[1]):
            raise Refused(_("This survey is closed. Answers are no longer accepted."))
        response = Response.objects.create(survey=survey, submitted_on=timezone.localdate(now), **profile)
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
    return response
