"""Today: the ranked to-do list the window opens on."""
