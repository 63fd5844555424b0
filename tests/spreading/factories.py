"""Factories for the spreading: meeting series, meetings, sign-ups, reactions and stories."""

import datetime

import factory

from spreading.models import Comment, Meeting, Proposal, Series, SignUp, Story, Volunteer
from tests.factories import MembershipFactory, ProcessFactory

# Far enough ahead that a meeting never "has taken place" while the suite runs.
FUTURE = datetime.date.today() + datetime.timedelta(days=60)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Cafémøder om værdierne {n}")
    kind = Series.Kind.CAFE
    description = "Kom og hør om værdi- og idékataloget, og sig din mening."
    agenda = "Velkomst (10 min)\nKataloget kort (15 min)\nSnak i små grupper (40 min)"
    questions = "Hvilke værdier kender du fra dit arbejde?\nHvilket tiltag vil du være med i?"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    series = factory.SubFactory(SeriesFactory)
    date = FUTURE
    start_time = datetime.time(14, 0)
    end_time = datetime.time(15, 30)
    place = "Kantinen"
    host = factory.SubFactory(
        MembershipFactory, organisation=factory.SelfAttribute("..series.process.organisation")
    )
    capacity = 20


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(
        MembershipFactory,
        organisation=factory.SelfAttribute("..meeting.series.process.organisation"),
    )
    status = SignUp.Status.CONFIRMED


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    text = "Det glæder jeg mig til at prøve i værkstedet."


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Idé {n}")
    description = "Brugerne holder selv kaffeklub om fredagen."


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Den gode historie {n}")
    text = "Peter fortalte selv på mødet, hvad han ville lære. Det havde han aldrig gjort før."
