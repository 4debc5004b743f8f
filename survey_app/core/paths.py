"""Where the bundled data lives, in a source checkout and in an installed wheel."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_REPO = _PACKAGE.parent


def data_dir(name: str) -> Path:
    """Return the folder `questions` or `translations`.

    A checkout (and an editable install) reads the top-level folders that editors change;
    a wheel carries copies under `survey_app/_data/`.
    """
    for candidate in (_REPO / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder {name!r} is missing from this installation")


def default_questionnaire() -> Path:
    return data_dir("questions") / "ap-residents.toml"


def cache_dir() -> Path:
    """Where work done once is kept (compiled catalogues, checked questionnaires): the user
    cache folder, or SURVEY_APP_CACHE. Everything in it can be deleted at any time."""
    import os

    chosen = os.environ.get("SURVEY_APP_CACHE")
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("survey-app", appauthor=False)


class UnreadableFile(OSError):
    """A file that cannot be read as the small text file it should be; `reason` says why
    in words for the person who gave its path."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_small(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    A folder, a device (`/dev/zero`, `/dev/urandom`) or a named pipe given where a file
    belongs would otherwise hang the reader or fill the memory: it is refused before a byte
    is read, and even a file that grows while it is read is never read past the limit.
    """
    import os
    import stat

    from survey_app.core.i18n import _

    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableFile(_("it is not a regular file (a folder, a device or a pipe)"))
        chunks, size = [], 0
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise UnreadableFile(
                    _("it is larger than {n} kB: no questionnaire or catalogue is").format(
                        n=limit // 1000
                    )
                )
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_together(files: Sequence[tuple[Path, str | bytes]]) -> list[Path]:
    """Write every file or none: all are written and synced under temporary names first,
    then renamed into place (a rename takes no space, so a full disk stops the writing
    before anything is in place)."""
    temporaries: list[Path] = []
    try:
        for path, content in files:
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temporaries.append(Path(name))
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
        for (path, _content), temporary in zip(files, temporaries, strict=True):
            os.replace(temporary, path)
    except BaseException:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    return [path for path, _content in files]
