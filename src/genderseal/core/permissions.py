"""The one place that says what each role may do.

Views and API calls ask `membership.can(action)`; scoping (which rows) is in scoping.py.
"""
from .models import Role

ACTIONS = {
    # My work (mywork/): each role's home, what to do now; the secretariat approves or returns from its queue.
    "mywork.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "review.queue": {Role.SECRETARIAT},  # each kind's own approve/return action is checked too
    "round.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "round.manage": {Role.SECRETARIAT},  # create, copy, change status
    # Assessors never write on the round pages or through the results API: only in their workspace
    # (assessment.work: ratings, comments, questions), on the rounds assigned to them.
    "result.edit": {Role.SECRETARIAT, Role.FOCAL_POINT},  # opens the edit form at all
    "result.rate": {Role.SECRETARIAT},  # result code and assessor comment
    "result.respond": {Role.SECRETARIAT, Role.FOCAL_POINT},  # the institution's response
    "result.assign": {Role.SECRETARIAT},  # responsible units
    "narrative.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE},  # the account with units' contributions
    "result.wg_comment": {Role.SECRETARIAT},  # the working group's comments and suggestions on the account
    "framework.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "audit.view": {Role.SECRETARIAT, Role.COMMITTEE},
    # Review workflow (assessments/workflow.py): focal points submit their lead unit's results.
    "result.submit": {Role.SECRETARIAT, Role.FOCAL_POINT},
    "result.approve": {Role.SECRETARIAT},  # approve or return with a comment
    "round.signoff": {Role.COMMITTEE},  # when every result is approved; the round locks
    "round.unlock": {Role.SECRETARIAT},  # with a reason, recorded
    "inbox.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    # Evidence (evidence/): focal points edit their own units' items; the secretariat reviews.
    "evidence.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "evidence.edit": {Role.SECRETARIAT, Role.FOCAL_POINT},  # create, upload, link; the item decides whose
    "evidence.review": {Role.SECRETARIAT},  # approve or return with a comment
    "evidence.restore": {Role.SECRETARIAT},  # undo a soft delete
    "evidence.terms": {Role.SECRETARIAT},  # the institution's own search terms (segmenter dictionary)
    "dossier.build": {Role.SECRETARIAT},
    "dossier.view": {Role.SECRETARIAT, Role.COMMITTEE},
    # Organisation (organisation/): the unit tree, committees, ownership and action items.
    "unit.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE},  # tree and a unit's page
    "unit.manage": {Role.SECRETARIAT},  # create, edit, retire, import; assign lead and supporting units
    "committee.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "committee.manage": {Role.SECRETARIAT},
    "action_item.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE},
    "action_item.manage": {Role.SECRETARIAT},  # create, edit every field, drop, reopen
    "action_item.update": {Role.SECRETARIAT, Role.FOCAL_POINT},  # focal points: status and progress of their units' items
    # Planning (planning/): focal points report on their own units' indicators; the secretariat approves.
    "planning.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "planning.manage": {Role.SECRETARIAT},  # import, plans, indicators, disaggregation
    "indicator.edit": {Role.SECRETARIAT, Role.FOCAL_POINT},  # focal points: titles, baseline, targets of their units'
    "report.edit": {Role.SECRETARIAT, Role.FOCAL_POINT},  # the period form; the indicator's unit decides whose
    "report.submit": {Role.SECRETARIAT, Role.FOCAL_POINT},
    "report.approve": {Role.SECRETARIAT},  # approve (locks the period) or return
    # Readiness (readiness/): the run-up to the external assessment.
    "milestone.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "milestone.manage": {Role.SECRETARIAT},
    "question.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE},  # the institution's own preparation
    "question.manage": {Role.SECRETARIAT},
    "interview.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "interview.manage": {Role.SECRETARIAT},
    # Readiness: briefing packs (own pack: the sessions naming you; any interviewee's: secretariat)
    # and the Seal certificate (everyone reads it; the secretariat records it).
    "briefing.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE},
    "briefing.manage": {Role.SECRETARIAT},
    "certificate.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "certificate.manage": {Role.SECRETARIAT},
    # Gender analysis (analysis/): worksheets per project and the screening form (แบบ วค.สยป.).
    "analysis.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},  # assessors: approved only
    "analysis.edit": {Role.SECRETARIAT, Role.FOCAL_POINT},  # focal points: their own units' projects
    "analysis.approve": {Role.SECRETARIAT},  # approve (confirming the marker) or return
    "screening.edit": {Role.SECRETARIAT},  # the strategy analysts fill and submit the form
    "screening.decide": {Role.SECRETARIAT},  # approve or return for rework
    # Reports (reports/): issued documents and spreadsheets, built in the background. Each kind also needs
    # the action of what it holds (reports/models.py KIND_ACTIONS); a report holds what its requester's role sees.
    "reports.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},  # history, download
    "reports.request": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    # Assessor workspace (assessors/): external assessors rate the rounds they are assigned to.
    "assessment.work": {Role.ASSESSOR},  # the workspace of an assigned round: rate, ask, publish
    "assessment.assign": {Role.SECRETARIAT},  # assign assessors to external rounds, create assessor accounts
    "assessment.results": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},  # once published
    "clarification.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},  # assessors: assigned rounds
    "clarification.answer": {Role.SECRETARIAT, Role.FOCAL_POINT},  # focal points: their lead unit's benchmarks
    # Open data (opendata/): what the institution publishes; the public pages need no sign-in.
    "opendata.view": {Role.SECRETARIAT, Role.COMMITTEE},  # the choices, the preview, the published versions
    "opendata.manage": {Role.SECRETARIAT},  # choose, publish, unpublish
    # Staff survey (survey/): anonymous opinion survey; results by group only for groups of 5 or more.
    "survey.view": {Role.SECRETARIAT, Role.COMMITTEE},  # surveys and aggregate results
    "survey.manage": {Role.SECRETARIAT},  # questions, open/close, links and QR codes, record as evidence
    # Institutions and people (accounts/): members, invitations, the institution's own settings.
    "member.manage": {Role.SECRETARIAT},  # invite, change role and units, deactivate and reactivate
    "institution.settings": {Role.SECRETARIAT},  # names, emblem, default language, frameworks used
    # API tokens (accounts/views/token.py): each member makes, lists and revokes their own tokens for this
    # institution; the secretariat lists and revokes every token of the institution.
    "token.own": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "token.manage": {Role.SECRETARIAT},
}


def allowed(role, action):
    try:
        return role in ACTIONS[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}; declare it in core/permissions.py") from None
