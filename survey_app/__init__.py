"""survey_app: hear the residents of Approved Premises during an inspection."""

import os

__version__ = "0.1.0"

# Our models use no pydantic plugins, and looking for them scans the metadata of every
# installed package: about a quarter of the time from start to the first question.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
