"""Weekly habits: the section, the heat map, check-ins and the weekly review."""
