"""Qt widgets, item models and dialogs. Talks to the store's functions, never to SQLAlchemy."""
