"""Alliance Desk: an offline system of record for alliance managers."""

__version__ = "0.1.0"
APP_NAME = "Alliance Desk"
