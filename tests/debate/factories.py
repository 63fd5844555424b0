"""Factories for the value debate."""

import factory

from debate.models import GivenFrame, Idea, Value, ValueComment
from tests.factories import GroupFactory, MembershipFactory, ThemeFactory


class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Value

    group = factory.SubFactory(GroupFactory)
    author = factory.SubFactory(
        MembershipFactory, organisation=factory.SelfAttribute("..group.process.organisation")
    )
    name = factory.Sequence(lambda n: f"Ligeværdighed {n}")
    meaning = "At brugerne er med til at bestemme over deres egen hverdag."
    examples = "Brugerne deltager i MUS-samtaler."


class ValueCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueComment

    value = factory.SubFactory(ValueFactory)
    author = factory.SelfAttribute("value.author")
    text = "Det kender jeg fra træværkstedet."


class GivenFrameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GivenFrame

    theme = factory.SubFactory(ThemeFactory)
    kind = GivenFrame.Kind.LAW
    text = "Serviceloven § 103 om beskyttet beskæftigelse."
    reason = "Loven gælder for alle kommuner."


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    author = factory.SubFactory(
        MembershipFactory, organisation=factory.SelfAttribute("..group.process.organisation")
    )
    title = factory.Sequence(lambda n: f"MUS-samtaler for brugerne {n}")
    description = "Brugerne får udviklingssamtaler om kompetencer, fastholdelse og løn."
    status = Idea.Status.PROPOSED

    @factory.post_generation
    def values(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.values.set(extracted)
