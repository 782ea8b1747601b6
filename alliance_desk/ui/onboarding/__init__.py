"""Onboarding checklists: the section, one plan's checklist, its dialogs and undoable edits."""
