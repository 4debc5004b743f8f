"""survey_app: hear the residents of Approved Premises during an inspection."""

__version__ = "0.1.0"
