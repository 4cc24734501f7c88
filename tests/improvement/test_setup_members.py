"""The members of a workstream (impact group): chosen on the staff pages from
the people of the area, audited as they join and leave."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from improvement import setup_services
from sendportal.accounts.models import Role
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from sendportal.audit.models import subject_key
from tests.factories import member
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import WorkstreamFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db

ROLES = ("no_role", "officer", "lead", "cabinet", "admin", "other_officer")
EDITORS = {"officer", "admin"}


def _add_url(workstream) -> str:
    return staff_url(
        "workstream_member_add",
        workstream.plan,
        plan_pk=workstream.plan_id,
        workstream_pk=workstream.pk,
    )


def _remove_url(workstream, person) -> str:
    return staff_url(
        "workstream_member_remove",
        workstream.plan,
        plan_pk=workstream.plan_id,
        workstream_pk=workstream.pk,
        pk=person.pk,
    )


# Services


def test_a_person_of_the_area_joins_and_leaves_and_both_are_audited(
    plan, workstream, officer, users_by_role
) -> None:
    cabinet = users_by_role["cabinet"]
    setup_services.workstream_member_add(
        workstream=workstream, by=officer, member=cabinet
    )
    assert list(workstream.members.all()) == [cabinet]
    setup_services.workstream_member_remove(
        workstream=workstream, by=officer, member=cabinet
    )
    assert not workstream.members.exists()
    added, removed = AuditEvent.objects.filter(target_id=str(workstream.pk)).order_by(
        "pk"
    )
    assert (added.verb, added.changes) == (
        AuditVerb.WORKSTREAM_MEMBER_ADDED,
        {"member": [None, cabinet.pk]},
    )
    assert (removed.verb, removed.changes) == (
        AuditVerb.WORKSTREAM_MEMBER_REMOVED,
        {"member": [cabinet.pk, None]},
    )
    assert {added.actor, removed.actor} == {officer}
    assert added.subject == subject_key(plan)


@pytest.mark.parametrize("who", ["no_role", "other_officer"])
def test_only_people_of_the_area_may_join(workstream, officer, users_by_role, who):
    with pytest.raises(ValidationError) as caught:
        setup_services.workstream_member_add(
            workstream=workstream, by=officer, member=users_by_role[who]
        )
    assert "member" in caught.value.error_dict
    assert not workstream.members.exists()


def test_nobody_joins_twice_nor_a_retired_workstream(
    plan, workstream, officer, lead
) -> None:
    setup_services.workstream_member_add(workstream=workstream, by=officer, member=lead)
    with pytest.raises(ValidationError):
        setup_services.workstream_member_add(
            workstream=workstream, by=officer, member=lead
        )
    retired = WorkstreamFactory.create(plan=plan, retired_at=timezone.now())
    with pytest.raises(ValidationError):
        setup_services.workstream_member_add(
            workstream=retired, by=officer, member=lead
        )
    assert not retired.members.exists()
    with pytest.raises(ValidationError):
        setup_services.workstream_member_remove(
            workstream=retired, by=officer, member=lead
        )


# Pages


def test_officer_adds_a_member_chosen_from_the_people_of_the_area(
    area, workstream, officer, users_by_role
) -> None:
    newcomer = member(area, Role.CABINET_MEMBER, "cllr@fenmere.example")
    newcomer.name = "Cllr Newcomer"
    newcomer.save()
    left = member(area, Role.OFFICER, "left@fenmere.example")
    left.is_active = False
    left.save()
    client = client_for(officer)
    assert _add_url(workstream) in (
        client.get(workstream.get_staff_url()).content.decode()
    )
    response = client.get(_add_url(workstream))
    choices = set(response.context["form"].fields["member"].queryset)
    assert newcomer in choices
    assert users_by_role["lead"] in choices
    # Nobody from outside the area, nor anyone who has left.
    assert users_by_role["other_officer"] not in choices
    assert users_by_role["no_role"] not in choices
    assert left not in choices
    assert "Someone not listed needs an invitation" in response.content.decode()
    response = client.post(_add_url(workstream), {"member": newcomer.pk})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == workstream.get_staff_url()
    assert list(workstream.members.all()) == [newcomer]
    page = client.get(workstream.get_staff_url()).content.decode()
    assert "Cllr Newcomer" in page
    assert _remove_url(workstream, newcomer) in page
    # A member is not offered again.
    response = client.get(_add_url(workstream))
    assert newcomer not in set(response.context["form"].fields["member"].queryset)


def test_member_errors_are_govuk(workstream, officer, users_by_role) -> None:
    client = client_for(officer)
    outsider = users_by_role["other_officer"]
    for data, message in (
        ({"member": ""}, "Select the person who joins the workstream"),
        ({"member": outsider.pk}, "Select a person from the list"),
    ):
        content = client.post(_add_url(workstream), data).content.decode()
        assert "<title>Error:" in content
        assert message in content
    assert not workstream.members.exists()


def test_officer_removes_a_member_after_confirming(workstream, officer, lead) -> None:
    workstream.members.add(lead)
    client = client_for(officer)
    page = client.get(_remove_url(workstream, lead)).content.decode()
    assert "Remove" in page
    assert "keep their role in the area" in page
    assert workstream.members.exists()
    response = client.post(_remove_url(workstream, lead), follow=True)
    assert "Member removed." in response.content.decode()
    assert not workstream.members.exists()
    # The lead stays the lead: membership is the group, not the rights.
    workstream.refresh_from_db()
    assert workstream.lead == lead
    # No longer a member: nothing to remove.
    assert client.post(_remove_url(workstream, lead)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_member_pages_by_role(role, workstream, users_by_role, lead) -> None:
    # Even the workstream's own lead does not choose its members.
    cabinet = users_by_role["cabinet"]
    workstream.members.add(lead)
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    assert client.get(_add_url(workstream)).status_code == expected
    assert client.get(_remove_url(workstream, lead)).status_code == expected
    added = client.post(_add_url(workstream), {"member": cabinet.pk})
    removed = client.post(_remove_url(workstream, lead))
    if role in EDITORS:
        assert (added.status_code, removed.status_code) == (302, 302)
        assert list(workstream.members.all()) == [cabinet]
    else:
        assert (added.status_code, removed.status_code) == (403, 403)
        assert list(workstream.members.all()) == [lead]


def test_the_lead_sees_the_members_but_no_links_to_change_them(
    workstream, lead
) -> None:
    workstream.members.add(lead)
    page = client_for(lead).get(workstream.get_staff_url()).content.decode()
    assert escape(str(lead)) in page  # a name may hold an apostrophe
    assert _add_url(workstream) not in page
    assert _remove_url(workstream, lead) not in page


def test_another_areas_workstream_members_are_not_found(
    area, other_area, officer
) -> None:
    other_plan = PlanFactory.create(strategy=StrategyFactory.create(area=other_area))
    mine = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    theirs = WorkstreamFactory.create(plan=other_plan)
    person = member(other_area, Role.OFFICER)
    theirs.members.add(person)
    client = client_for(officer)
    for plan_pk in (other_plan.pk, mine.pk):
        for name, extra in (
            ("workstream_member_add", {}),
            ("workstream_member_remove", {"pk": person.pk}),
        ):
            url = staff_url(
                name, mine, plan_pk=plan_pk, workstream_pk=theirs.pk, **extra
            )
            assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
            assert client.post(url, {}).status_code == HTTPStatus.NOT_FOUND, url
    assert list(theirs.members.all()) == [person]


def test_a_retired_workstream_takes_no_new_members(plan, officer) -> None:
    retired = WorkstreamFactory.create(plan=plan, retired_at=timezone.now())
    client = client_for(officer)
    assert _add_url(retired) not in client.get(retired.get_staff_url()).content.decode()
    assert client.get(_add_url(retired)).status_code == HTTPStatus.NOT_FOUND
