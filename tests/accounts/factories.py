import factory
from factory.django import DjangoModelFactory

from sendportal.accounts.models import Invitation
from sendportal.accounts.models import Role
from tests.factories import LocalAreaFactory


class InvitationFactory(DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    area = factory.SubFactory(LocalAreaFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    role = Role.OFFICER
    token_hash = factory.Sequence(lambda n: Invitation.hash_token(f"token-{n}"))
