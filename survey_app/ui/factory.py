"""Every app of the package, built one way: `make_app(role, settings)`, for the command line
and for the tests alike.

Each role gets only its own code: the resident apps (home, survey, web, kiosk) never import
the lead's screens or the counting behind them, and the lead's app is started on its own,
after the resident app has closed (see `survey_app.cli`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

if TYPE_CHECKING:
    from survey_app.core.collection.collector import CollectingDb
    from survey_app.core.keys.passphrase import Lockout
    from survey_app.core.questionnaire.model import Questionnaire
    from survey_app.settings import Settings
    from survey_app.ui.app import SurveyApp
    from survey_app.ui.interview.app import InterviewApp
    from survey_app.ui.kiosk.app import KioskApp
    from survey_app.ui.lead.app import LeadApp

Role = Literal["home", "survey", "web", "kiosk", "lead", "interview"]
ROLES: tuple[Role, ...] = ("home", "survey", "web", "kiosk", "lead", "interview")


@overload
def make_app(
    role: Literal["kiosk"],
    settings: Settings,
    questionnaire: Questionnaire | None = None,
    *,
    inspection_id: int | None = None,
    opened: CollectingDb | None = None,
    lockout: Lockout | None = None,
    passphrase_hash: str | None = None,
    language: str | None = None,
    from_home: bool = False,
    idle: float | None = None,
    countdown: float | None = None,
    keep_partial: bool | None = None,
) -> KioskApp: ...


@overload
def make_app(
    role: Literal["lead"],
    settings: Settings,
    questionnaire: Questionnaire | None = None,
    *,
    inspection_id: int | None = None,
    opened: CollectingDb | None = None,
    lockout: Lockout | None = None,
    passphrase_hash: str | None = None,
    language: str | None = None,
    from_home: bool = False,
    idle: float | None = None,
    countdown: float | None = None,
    keep_partial: bool | None = None,
) -> LeadApp: ...


@overload
def make_app(
    role: Literal["interview"],
    settings: Settings,
    questionnaire: Questionnaire | None = None,
    *,
    inspection_id: int | None = None,
    opened: CollectingDb | None = None,
    lockout: Lockout | None = None,
    passphrase_hash: str | None = None,
    language: str | None = None,
    from_home: bool = False,
    idle: float | None = None,
    countdown: float | None = None,
    keep_partial: bool | None = None,
) -> InterviewApp: ...


@overload
def make_app(
    role: Literal["home", "survey", "web"],
    settings: Settings,
    questionnaire: Questionnaire | None = None,
    *,
    inspection_id: int | None = None,
    opened: CollectingDb | None = None,
    lockout: Lockout | None = None,
    passphrase_hash: str | None = None,
    language: str | None = None,
    from_home: bool = False,
    idle: float | None = None,
    countdown: float | None = None,
    keep_partial: bool | None = None,
) -> SurveyApp: ...


def make_app(
    role: Role,
    settings: Settings,
    questionnaire: Questionnaire | None = None,
    *,
    inspection_id: int | None = None,
    opened: CollectingDb | None = None,
    lockout: Lockout | None = None,
    passphrase_hash: str | None = None,
    language: str | None = None,
    from_home: bool = False,
    idle: float | None = None,
    countdown: float | None = None,
    keep_partial: bool | None = None,
) -> SurveyApp | KioskApp | LeadApp | InterviewApp:
    """The app for `role`, on `settings`' database, questionnaire and inspection.

    - `questionnaire`: already loaded (the command line checks it before the terminal is
      taken over); loaded from `settings.questionnaire` when not given.
    - `inspection_id`: the inspection resolved by the command line; `settings.inspection`
      when not given.
    - `opened`: the database, already open on the loop the app will run on.
    - `lockout`: wrong passphrases, shared by every app of one run (the kiosk's staff
      exit, the lead's door): leaving and coming back never resets the count.
    - kiosk: `passphrase_hash` (the staff exit's), and `idle`, `countdown`, `keep_partial`
      over the settings' (the `--idle` flag, and the tests' short waits).
    - lead: `language` of its screens; `from_home`: leaving it returns to the home screen.
    - interview: `language`, the inspector's own (the resident's is chosen on its first
      screen).
    """
    if questionnaire is None:
        from survey_app.core.questionnaire.model import load

        questionnaire = load(settings.questionnaire)
    inspection = inspection_id if inspection_id is not None else settings.inspection
    if not isinstance(inspection, int):
        # A UUID is found in the database by the command line, which passes its number.
        raise ValueError("make_app needs the inspection's number: inspection_id")
    if role == "lead":
        from survey_app.ui.lead.app import LeadApp

        return LeadApp(
            questionnaire,
            settings.db,
            inspection,
            language=language or "en",
            lockout=lockout,
            from_home=from_home,
        )
    if role == "interview":
        from survey_app.ui.interview.app import InterviewApp

        return InterviewApp(
            questionnaire,
            settings.db,
            inspection,
            language=language or "en",
            free_text_cap=settings.free_text_cap,
            opened=opened,
        )
    if role == "kiosk":
        from survey_app.ui.kiosk.app import KioskApp

        if passphrase_hash is None:
            raise ValueError("a kiosk needs its staff passphrase's hash")
        return KioskApp(
            questionnaire,
            settings.db,
            inspection,
            passphrase_hash=passphrase_hash,
            idle=settings.kiosk_idle if idle is None else idle,
            countdown=settings.kiosk_countdown if countdown is None else countdown,
            keep_partial=settings.kiosk_keep_partial if keep_partial is None else keep_partial,
            log=settings.kiosk_log,
            free_text_cap=settings.free_text_cap,
            lockout=lockout,
        )
    from survey_app.ui.app import SurveyApp

    return SurveyApp(
        questionnaire,
        settings.db,
        inspection,
        start="home" if role == "home" else "survey",
        mode="web" if role == "web" else "self",
        free_text_cap=settings.free_text_cap,
        opened=opened,
    )
