"""The portfolio: the list of alliances, the form that edits one, and its undoable edits."""
