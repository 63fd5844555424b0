"""factory-boy factories shared by all tests."""

import datetime

import factory
from django.contrib.auth import get_user_model

from organisations.models import Invitation, Membership, Organisation
from processes.models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    GroupMeeting,
    GroupMembership,
    Process,
    Seminar,
    Theme,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommune {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
    department = factory.Iterator(["Træ", "Metal", "Kantine"])
    professional_background = factory.Iterator(["Pædagog", "Håndværker", "Socialrådgiver"])
    start_year = factory.Iterator([1995, 2008, 2020, 2024])


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Membership.Role.MEMBER


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Værdibaseret kvalitetsudvikling {n}")
    purpose = "At sætte værdierne i centrum for kvalitetsudviklingen."
    start_date = datetime.date(2027, 2, 1)
    end_date = datetime.date(2027, 6, 1)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Tema {n}")
    description = "Brugerinddragelse og brugernes position."


class FrameworkDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkDocument

    theme = factory.SubFactory(ThemeFactory)
    title = "Handicappolitik 2008"
    url = "https://example.org/handicappolitik.pdf"


class SeminarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seminar

    process = factory.SubFactory(ProcessFactory)
    kind = Seminar.Kind.KICKOFF
    date = datetime.date(2027, 2, 10)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(15, 30)
    place = "Mødelokalet, Odense"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    seminar = factory.SubFactory(SeminarFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    duration_minutes = 30
    format = AgendaItem.Format.PLENARY


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    process = factory.SubFactory(ProcessFactory)
    theme = factory.SubFactory(ThemeFactory, process=factory.SelfAttribute("..process"))
    name = factory.Sequence(lambda n: f"Gruppe {n}")


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    membership = factory.SubFactory(
        MembershipFactory, organisation=factory.SelfAttribute("..group.process.organisation")
    )
    process = factory.SelfAttribute("group.process")


class GroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMeeting

    group = factory.SubFactory(GroupFactory)
    date = datetime.date(2027, 3, 1)
