"""Two app servers and two task workers against one PostgreSQL: concurrent stale edits of one
benchmark result through different servers never both win (no lost update), and every queued
task runs exactly once."""
import json
import threading
import urllib.error
import urllib.request

import pytest

from genderseal.core.models import ApiToken, Membership
from genderseal.evidence import dossier as dossiers

from .conftest import is_postgres, wait_for
from tests.factories import make_round

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]
EDITS, TASKS = 8, 20


def patch(url, token, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PATCH", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_two_servers_and_two_workers_lose_no_update_and_run_no_task_twice(world, shared, procs):
    if not is_postgres():
        pytest.skip("several processes writing at once: PostgreSQL only")
    token = ApiToken.issue(world.secretariat, "multiprocess")  # assessors write only in their workspace
    membership = Membership.objects.get(user=world.secretariat)
    rounds = [world.round] + [make_round(world.institution, world.framework, number=n) for n in range(2, TASKS + 1)]
    built = [dossiers.start(membership, r).pk for r in rounds]  # one dossier per round: TASKS builds
    env = shared.export()
    servers = [procs.web(env, "web-a"), procs.web(env, "web-b")]

    path = "/api/institutions/bma/rounds/1/results/1.1.1"
    version, winners = 1, []
    for i in range(EDITS):
        answers = [None, None]
        start = threading.Barrier(2)

        def edit(n):
            start.wait()
            answers[n] = patch(servers[n].url + path, token,
                               {"version": version, "result": "met" if n == 0 else "partly_met",
                                "assessor_comment": f"edit {i} through server {n}"})

        threads = [threading.Thread(target=edit, args=(n,)) for n in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(a[0] for a in answers)
        assert statuses == [200, 409], answers  # exactly one of two stale-version edits wins
        winner = next(n for n in (0, 1) if answers[n][0] == 200)
        winners.append(winner)
        version = answers[winner][1]["version"]
    comment, stored_version = shared.rows(
        "SELECT r.assessor_comment, r.version FROM assessments_benchmarkresult r "
        "JOIN standards_benchmark b ON b.id = r.benchmark_id WHERE r.round_id = %s AND b.code = '1.1.1'",
        [world.round.pk])[0]
    assert stored_version == 1 + EDITS and comment == f"edit {EDITS - 1} through server {winners[-1]}"

    procs.worker(env, "worker-a")
    procs.worker(env, "worker-b")
    done = "SELECT count(*) FROM reports_issuedreport WHERE kind = 'dossier' AND state = 'done'"
    wait_for(lambda: shared.value(done) == TASKS, 120, "the workers did not build every dossier")
    tasks = shared.rows("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                        "WHERE task_path = 'genderseal.reports.tasks.build_report'")
    assert len(tasks) == TASKS and {status for status, _ in tasks} == {"SUCCESSFUL"}
    assert all(len(ids if isinstance(ids, list) else json.loads(ids)) == 1 for _, ids in tasks)  # claimed once
    names = shared.rows("SELECT id, storage_name FROM reports_issuedreport WHERE kind = 'dossier'")
    assert {pk for pk, _ in names} == set(built) and len({name for _, name in names}) == TASKS  # built once each
    assert all((shared.media / "reports" / name).is_file() for _, name in names)
