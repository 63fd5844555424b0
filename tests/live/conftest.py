"""The live seminar runs on the debate's groups: the same process, groups and people."""

from tests.debate.conftest import *  # noqa: F403
