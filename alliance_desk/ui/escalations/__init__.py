"""The escalation log: the section, one escalation's panel, its dialogs and undoable edits."""
