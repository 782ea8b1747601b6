"""Stakeholder mapping: the section, one person's panel, the power × interest grid, its
dialogs and undoable edits."""
