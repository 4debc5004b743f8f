"""End-to-end tests use real external programs; they may skip on a laptop, never in CI."""

from __future__ import annotations

import os
import shutil

import pytest


def require(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is required in CI: .ci/run installs it")
        pytest.skip(f"{program} is not installed")
    return path
