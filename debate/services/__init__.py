"""Actions of the value debate, one module per area. Each runs in one transaction.

Views authorise (see `debate.access`) and call exactly one action with the acting membership
as the keyword-only `actor`. The actions on values, merges and the given frame are
re-exported here.
"""

from .common import DebateError
from .frame import add_frame_condition, delete_frame_condition, edit_frame_condition
from .merge import MERGE_SEPARATOR, merge_values, undo_merge
from .values import (
    EDITABLE_FIELDS,
    EditConflict,  # from core.revisions, the one versioned-edit mechanism
    add_comment,
    add_value,
    edit_value,
    relate_values,
    remove_relation,
    set_ideal,
    snapshot,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MERGE_SEPARATOR",
    "DebateError",
    "EditConflict",
    "add_comment",
    "add_frame_condition",
    "add_value",
    "delete_frame_condition",
    "edit_frame_condition",
    "edit_value",
    "merge_values",
    "relate_values",
    "remove_relation",
    "set_ideal",
    "snapshot",
    "undo_merge",
]
