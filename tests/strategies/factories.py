import factory
from factory.django import DjangoModelFactory

from strategies.models import EasyReadSection
from strategies.models import Priority
from strategies.models import Strategy
from strategies.models import StrategyStatus
from strategies.models import Theme
from tests.factories import LocalAreaFactory


class StrategyFactory(DjangoModelFactory[Strategy]):
    class Meta:
        model = Strategy

    area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"SEND Strategy {n}")
    period_start = 2026
    period_end = 2029
    vision = "Every child with SEND is welcome, supported and able to learn."
    status = StrategyStatus.DRAFT

    class Params:
        approved = factory.Trait(
            status=StrategyStatus.APPROVED,
            approval_body="cabinet",
            approved_on=factory.Faker("past_date"),
        )


class PriorityFactory(DjangoModelFactory[Priority]):
    class Meta:
        model = Priority

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority title {n}")


class ThemeFactory(DjangoModelFactory[Theme]):
    class Meta:
        model = Theme

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")


class EasyReadSectionFactory(DjangoModelFactory[EasyReadSection]):
    class Meta:
        model = EasyReadSection

    strategy = factory.SubFactory(StrategyFactory)
    heading = factory.Sequence(lambda n: f"Easy Read heading {n}")
    text = "We want to help you at school.\nWe will listen to you."
    picture_symbol = "school"
    sort = factory.Sequence(lambda n: n + 1)
