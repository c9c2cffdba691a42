"""The planning dashboard counts projects and budget by gender marker, and follows a marker confirmed on a
worksheet (the approval touches the planning stamp, so the cached dashboard is rebuilt)."""
import pytest
from django.urls import reverse

from genderseal.planning.models import Project

from tests.factories import make_planning, make_worksheet

pytestmark = pytest.mark.django_db


def marker_row(content, marker):
    for line in content.splitlines():
        if f'<tr data-marker="{marker}">' in line:
            return line.split(f'<tr data-marker="{marker}">', 1)[1].split("</tr>", 1)[0]
    return None


def test_dashboard_counts_projects_and_budget_by_marker_and_follows_an_approval(world, login,
                                                                               django_assert_max_num_queries):
    make_planning(world)  # P-1, GEN2, 1,000,000 baht, 2568-2570
    unit = Project.objects.get(code="P-1").owner_unit
    Project.objects.create(institution=world.institution, code="P-2", title_th="x", owner_unit=unit, first_fy=2568,
                           last_fy=2568, budget=250000, gender_marker="GEN2")
    Project.objects.create(institution=world.institution, code="P-3", title_th="x", owner_unit=unit, first_fy=2569,
                           last_fy=2569, budget=5, gender_marker="GEN0")  # another year
    url = reverse("planning-dashboard", args=["bma"]) + "?fy=2568"
    client = login("committee")
    with django_assert_max_num_queries(25):  # cold cache: the whole dashboard is computed
        content = client.get(url).content.decode()
    assert marker_row(content, "GEN2") == '<td>GEN2</td><td class="num">2</td><td class="num">1,250,000</td>'
    assert marker_row(content, "GEN0") is None

    make_worksheet(world, status="submitted")  # suggests GEN3
    secretariat = login("secretariat")
    move = reverse("analysis-transition", args=["bma", "P-1", "approve"])
    assert secretariat.post(move, {"version": "1", "marker": "GEN3"}).status_code == 302
    content = client.get(url).content.decode()
    assert marker_row(content, "GEN2") == '<td>GEN2</td><td class="num">1</td><td class="num">250,000</td>'
    assert marker_row(content, "GEN3") == '<td>GEN3</td><td class="num">1</td><td class="num">1,000,000</td>'
