"""Actions of the value debate, one module per area. Each runs in one transaction.

Views authorise (see `debate.access`) and call exactly one action with the acting membership
as the keyword-only `actor`. The value actions are re-exported here, as before the split.
"""

from .common import DebateError
from .values import (
    EDITABLE_FIELDS,
    MERGE_SEPARATOR,
    EditConflict,
    FieldChange,
    add_comment,
    add_frame_condition,
    add_value,
    changes_between,
    delete_frame_condition,
    edit_frame_condition,
    edit_value,
    merge_values,
    relate_values,
    remove_relation,
    set_ideal,
    snapshot,
    undo_merge,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MERGE_SEPARATOR",
    "DebateError",
    "EditConflict",
    "FieldChange",
    "add_comment",
    "add_frame_condition",
    "add_value",
    "changes_between",
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
