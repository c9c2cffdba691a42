"""Locust users for bench/load/run.sh: focal points of many units report and upload on the last
day of the month while the secretariat and committee read.

Loopback only: the host must be 127.0.0.1/localhost/[::1]. Bounded: run.sh passes --run-time, and
the run stops by itself after LOAD_MAX_REQUESTS requests whatever the time.
"""
import io
import itertools
import json
import os
import random
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

STATE = json.loads(open(os.environ.get("LOAD_STATE", "load-state.json"), encoding="utf-8").read())
SLUG = STATE["institution"]
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", 200_000))
WAIT = (float(os.environ.get("LOAD_WAIT_MIN", 5)), float(os.environ.get("LOAD_WAIT_MAX", 15)))
SEARCHES = ["ความเสมอภาค", "แผน", "รายงาน", "สยป", "งบประมาณ", "gender", "คู่มือ", "2568"]
FISCAL_YEAR, MONTHS = 2569, list(range(1, 13))

_focal = itertools.cycle(STATE["focal_sessions"])
_readers = itertools.cycle(STATE["reader_sessions"])
_slots = {}
_sent = 0


@events.init.add_listener
def _loopback_only(environment, **_kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"load test refuses host {environment.host!r}: loopback only")


_environment = None


@events.init.add_listener
def _keep(environment, **_kwargs):
    global _environment
    _environment = environment


@events.request.add_listener
def _bounded(**_kwargs):
    global _sent
    _sent += 1
    if _sent == MAX_REQUESTS and _environment is not None and _environment.runner is not None:
        _environment.runner.quit()


def small_pdf(label):
    """A valid one-page PDF of about 1 KB with some text (so extraction has work to do)."""
    text = f"Load test evidence {label} {random.random():.6f}".encode()
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


class Member(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    username = session = ""

    def on_start(self):
        """Signed in already (a session made by setup_data.py); the first page sets the CSRF cookie."""
        self.client.cookies.set(STATE["session_cookie"], self.session)
        response = self.client.get(f"/i/{SLUG}/", name="dashboard", allow_redirects=False)
        if response.status_code != 200:
            raise RuntimeError(f"session of {self.username} not accepted: {response.status_code}")

    def post(self, url, name, **kwargs):
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host + url,
                   **kwargs.pop("headers", {})}
        return self.client.post(url, name=name, headers=headers, **kwargs)

    # Reads everyone does.
    @task(4)
    def dashboard(self):
        self.client.get(f"/i/{SLUG}/", name="dashboard")

    @task(3)
    def round_page(self):
        number = random.choice(STATE["rounds"])
        self.client.get(f"/i/{SLUG}/rounds/{number}/", name="round")

    @task(3)
    def evidence_list(self):
        self.client.get(f"/i/{SLUG}/evidence/", name="evidence list")

    @task(3)
    def evidence_search(self):
        self.client.get(f"/i/{SLUG}/evidence/search/", params={"q": random.choice(SEARCHES)},
                        name="evidence search")

    @task(1)
    def planning_dashboard(self):
        self.client.get(f"/i/{SLUG}/plan/", name="planning dashboard")


class FocalPoint(Member):
    """A district office's focal point: reports the month and uploads evidence."""
    weight = 9

    def on_start(self):
        account = next(_focal)
        self.username, self.session = account["username"], account["session"]
        self.indicator, self.evidence = account["indicator"], account["evidence"]
        # Several sessions share an account: each takes its own months, so no two submit the same one.
        slot = _slots[self.username] = _slots.get(self.username, -1) + 1
        sharing = max(1, len(STATE["focal_sessions"]) // len(STATE["focal"]))
        self.months = [m for m in MONTHS if (m - 1) % sharing == slot % sharing] or MONTHS
        self.submitted = set()
        super().on_start()

    @task(3)
    def monthly_report(self):
        month = random.choice(self.months)
        url = f"/i/{SLUG}/plan/indicators/{self.indicator}/report/?fy={FISCAL_YEAR}&month={month}"
        self.client.get(url, name="report form")
        female, male = random.randint(0, 500), random.randint(0, 500)
        data = {"v:female": str(female), "v:male": str(male), "narrative": "ผลการดำเนินงานประจำเดือน"}
        if month not in self.submitted:  # the first time: save and submit; later: correct the figures
            data["submit"] = "1"
        with self.post(url, "report save", allow_redirects=False, catch_response=True, data=data) as response:
            # 409: someone approved that month meanwhile: an expected answer, not an error.
            if response.status_code in (302, 409):
                self.submitted.add(month)
                response.success()
            else:
                response.failure(f"report save answered {response.status_code}")

    @task(2)
    def upload(self):
        pdf = small_pdf(self.username)
        with self.post(f"/i/{SLUG}/evidence/{self.evidence}/upload/", "evidence upload", catch_response=True,
                       headers={"Accept": "application/json"},
                       files={"files": ("รายงานประจำเดือน.pdf", pdf, "application/pdf")}) as response:
            if response.status_code != 200 or response.json().get("refused"):
                response.failure(f"upload answered {response.status_code}: {response.text[:200]}")

    @task(2)
    def indicator_page(self):
        self.client.get(f"/i/{SLUG}/plan/indicators/{self.indicator}/?fy={FISCAL_YEAR}", name="indicator")


class Secretariat(Member):
    """The secretariat and the committee: reading, searching, following the reports."""
    weight = 1

    def on_start(self):
        account = next(_readers)
        self.username, self.session = account["username"], account["session"]
        super().on_start()

    @task(2)
    def planning_reports(self):
        self.client.get(f"/i/{SLUG}/plan/indicators/LOAD-{random.randint(1, len(STATE['focal'])):02d}/"
                        f"?fy={FISCAL_YEAR}", name="indicator")
