"""The value debate's models, one module per area: values, prioritisation rounds, ideas."""

from .ideas import Idea, IdeaRevision
from .influence import InfluenceItem, InfluenceItemRevision
from .rounds import Dot, PrioritisationRound, RoundBallot, RoundCandidate
from .values import (
    TEXT_MAX_LENGTH,
    GivenFrame,
    Value,
    ValueComment,
    ValueMerge,
    ValueQuerySet,
    ValueRelation,
    ValueRevision,
)

__all__ = [
    "TEXT_MAX_LENGTH",
    "Dot",
    "GivenFrame",
    "Idea",
    "IdeaRevision",
    "InfluenceItem",
    "InfluenceItemRevision",
    "PrioritisationRound",
    "RoundBallot",
    "RoundCandidate",
    "Value",
    "ValueComment",
    "ValueMerge",
    "ValueQuerySet",
    "ValueRelation",
    "ValueRevision",
]
