"""Factories for the cross-cutting models: areas, users and memberships."""

import factory
from factory.django import DjangoModelFactory

from sendportal.accounts.models import Membership
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas.models import District
from sendportal.areas.models import LocalArea


class LocalAreaFactory(DjangoModelFactory[LocalArea]):
    class Meta:
        model = LocalArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Fenmere {n}")
    slug = factory.Sequence(lambda n: f"fenmere-{n}")
    contact_email = factory.LazyAttribute(lambda area: f"send@{area.slug}.example")


class DistrictFactory(DjangoModelFactory[District]):
    class Meta:
        model = District

    area = factory.SubFactory(LocalAreaFactory)
    name = factory.Sequence(lambda n: f"District {n}")
    code = factory.Sequence(lambda n: f"district-{n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery")


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(LocalAreaFactory)
    role = Role.OFFICER


def member(area: LocalArea, role: str, email: str | None = None) -> User:
    """A user holding `role` in `area`."""
    user = UserFactory.create(email=email) if email else UserFactory.create()
    MembershipFactory.create(user=user, area=area, role=role)
    return user
