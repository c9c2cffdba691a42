"""Fresh data for the load test: the BMA demo plus focal points of extra units, each with an
indicator to report on monthly and an evidence item to upload files to.

Run by bench/load/run.sh against the database in DATABASE_URL / GENDERSEAL_VAR_DIR (a scratch
one). Writes the accounts the Locust users log in as to the JSON file named on the command line.
"""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from genderseal.core.models import Membership, OrgUnit, Profile, Role  # noqa: E402
from genderseal.demo.load import PASSWORD, load_demo  # noqa: E402
from genderseal.evidence import services as evidence  # noqa: E402
from genderseal.planning.models import Indicator, IndicatorTarget  # noqa: E402

UNITS = int(os.environ.get("LOAD_UNITS", 50))
FIRST_FY, LAST_FY = 2568, 2570


@transaction.atomic
def extra_units(institution):
    """One unit, focal point, monthly indicator (by sex) and evidence item per extra unit; idempotent."""
    User = get_user_model()
    password_hash = None
    accounts = []
    for n in range(1, UNITS + 1):
        unit, _ = OrgUnit.objects.get_or_create(
            institution=institution, code=f"8{n:03d}0000",
            defaults={"name_th": f"สำนักงานเขตทดสอบ {n}", "name_en": f"Load test district office {n}",
                      "abbreviation": f"ขท.{n}"})
        user, created = User.objects.get_or_create(username=f"load-focal-{n:02d}",
                                                   defaults={"first_name": f"ผู้ประสานงานเขต {n}"})
        if created:  # hashing once: the password hasher is slow on purpose
            if password_hash is None:
                user.set_password(PASSWORD)
                password_hash = user.password
            user.password = password_hash
            user.save(update_fields=["password"])
        Profile.objects.get_or_create(user=user)
        membership, _ = Membership.objects.get_or_create(user=user, institution=institution,
                                                         defaults={"role": Role.FOCAL_POINT})
        membership.units.add(unit)
        indicator, _ = Indicator.objects.get_or_create(
            institution=institution, code=f"LOAD-{n:02d}",
            defaults={"title_th": f"จำนวนผู้รับบริการของเขตทดสอบ {n}", "title_en": f"People served, office {n}",
                      "owner_unit": unit, "unit_of_measure": "คน", "first_fy": FIRST_FY, "last_fy": LAST_FY,
                      "by_sex": True})
        for fy in range(FIRST_FY, LAST_FY + 1):
            IndicatorTarget.objects.get_or_create(indicator=indicator, fiscal_year=fy, defaults={"value": 1200})
        membership = Membership.objects.select_related("institution").prefetch_related("units").get(pk=membership.pk)
        item = institution.evidence.filter(owner_unit=unit).order_by("pk").first()
        if item is None:
            item = evidence.create_evidence(membership, title_th=f"รายงานผลการดำเนินงานด้านความเสมอภาค เขตทดสอบ {n}",
                                            title_en=f"Gender equality progress report, office {n}",
                                            owner_unit=unit, tags="ความเสมอภาค,รายงาน")
        accounts.append({"username": user.username, "indicator": indicator.code, "evidence": item.pk})
    return accounts


def sessions(usernames, count):
    """`count` signed-in sessions spread over these accounts, as the browser of each simulated user
    would hold after logging in: the load measures the pages, not the (deliberately slow) password hash."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    engine = import_module(settings.SESSION_ENGINE)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    keys = []
    for i in range(count):
        user = users[usernames[i % len(usernames)]]
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]  # one the site signs in with
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        keys.append({"username": user.username, "session": session.session_key})
    return keys


def main(out):
    call_command("migrate", verbosity=0)
    institution, _users = load_demo()
    accounts = extra_units(institution)
    state = {
        "institution": institution.slug,
        "password": PASSWORD,
        "focal": accounts,
        "readers": ["secretariat", "committee"],
        "rounds": list(institution.rounds.order_by("number").values_list("number", flat=True)),
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }
    users = int(os.environ.get("LOAD_USERS", 200))
    by_name = {a["username"]: a for a in accounts}
    state["focal_sessions"] = [{**by_name[s["username"]], **s}
                               for s in sessions([a["username"] for a in accounts], users)]
    state["reader_sessions"] = sessions(state["readers"], max(1, users // 5))
    Path(out).write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"load data: {len(accounts)} extra focal points, state in {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "load-state.json")
    sys.stdout.flush()
    os._exit(0)  # skip the interpreter's final garbage collection: minutes over the word lists in memory
