"""Factories for the implementation app: an initiative with its chain, indicators and updates."""

import datetime
from decimal import Decimal

import factory

from implementation.models import (
    Goal,
    Indicator,
    Initiative,
    Measurement,
    ProgressUpdate,
    TrialAction,
)
from tests.factories import ProcessFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Tiltag {n}")
    description = "MUS-samtaler for brugerne: kompetencer, fastholdelse og løn."
    origin = Initiative.Origin.OTHER
    origin_reason = "Foreslået på et cafémøde for alle medarbejdere."
    start_date = datetime.date(2027, 1, 4)
    end_date = datetime.date(2027, 6, 30)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    initiative = factory.SubFactory(InitiativeFactory)
    text = factory.Sequence(lambda n: f"Mål {n}")


class TrialActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialAction

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Prøvehandling {n}")
    expectation = "Flere brugere siger deres mening på mødet."
    started_on = datetime.date(2027, 2, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Andel brugere med MUS {n}")
    unit = Indicator.Unit.PERCENT
    better = Indicator.Better.HIGHER
    baseline_value = Decimal("60")
    baseline_date = datetime.date(2027, 1, 1)
    target_value = Decimal("80")
    target_date = datetime.date(2027, 12, 31)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = factory.Sequence(
        lambda n: datetime.date(2027, 1, 4) + datetime.timedelta(weeks=n)
    )
    value = Decimal("62")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    written_on = datetime.date(2027, 2, 1)
    text = "Første samtaler holdt i værkstedet."
