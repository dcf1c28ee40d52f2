"""Where the course content lives: the lessons (nbs/) and workbooks (days/) of a checkout, or the wheel's copy.

One rule for `aicourse today / start / check / lab`, in this order:

1. the course checkout around the current folder (a folder with nbs/ whose settings.ini says `lib_name = aicourse`);
2. the checkout this package is imported from (an editable install, `pip install -e .`, run from any folder);
3. the copy a wheel carries, `aicourse/course/_content/{nbs,days}` (setup.py copies it in at build time).

A checkout's content is always read in place, so an author's edit shows at once.
"""
from __future__ import annotations

import re
from pathlib import Path

__all__ = ["PACKAGED", "is_checkout", "find_checkout", "checkout_root", "content_root"]

PACKAGED = Path(__file__).resolve().parent / "_content"  # present in an installed wheel only
_LIB_NAME = re.compile(r"^lib_name\s*=\s*aicourse\s*$", re.MULTILINE)


def is_checkout(folder: str | Path) -> bool:
    "True when `folder` is a checkout of the course: nbs/ beside a settings.ini for lib_name aicourse."
    folder = Path(folder)
    try:
        return (folder / "nbs").is_dir() and bool(_LIB_NAME.search((folder / "settings.ini").read_text("utf-8")))
    except OSError:  # no settings.ini, or unreadable
        return False


def find_checkout(start: str | Path | None = None) -> Path | None:
    "The course checkout holding `start` (default: the current folder), or None."
    start = Path(start or Path.cwd()).resolve()
    return next((folder for folder in [start, *start.parents] if is_checkout(folder)), None)


def checkout_root() -> Path | None:
    "The checkout the course runs from: the one around the current folder, else the one this package is imported from."
    here = Path(__file__).resolve().parents[2]  # <checkout>/aicourse/course/content.py in an editable install
    return find_checkout() or (here if is_checkout(here) else None)


def content_root() -> Path | None:
    "The folder holding the course's nbs/ and days/: a checkout (see `checkout_root`), else the wheel's copy."
    root = checkout_root()
    if root is not None:
        return root
    return PACKAGED if (PACKAGED / "days").is_dir() or (PACKAGED / "nbs").is_dir() else None
