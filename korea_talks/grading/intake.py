"""Take in a folder of submissions, whatever it holds: a row or a reason for every entry.

:func:`take_in` walks the folder once (links are never followed while walking) and
sorts every entry into a submission to grade or a :class:`Skipped` entry with its
reason. Each submission's bytes are read once, hashed (SHA-256) and written to a
private copy: the grader grades the copy, never the file in place, and can later tell
whether the original changed during the run (:func:`changed_since`).

- ``alex.ipynb`` at the top is the student ``alex``; a folder ``alex/`` holding one
  notebook is the student ``alex`` too; a folder holding several gives one id per
  notebook (``alex/draft``). Ids that collide (``alex.ipynb`` beside
  ``alex/alex.ipynb``, ``alex.ipynb`` beside ``alex.IPYNB``) become the relative paths;
  both are graded and both rows say so.
- Any case of ``.ipynb`` counts. Hidden notebooks are graded (with a note); hidden
  folders and Jupyter's ``.ipynb_checkpoints`` are listed as skipped.
- A link is resolved once: a link to a file inside the folder that is graded anyway is
  a duplicate (listed, not graded twice); a link leaving the folder, a dangling link and
  a link to a folder are refused with the reason.
- Folders named like notebooks are looked into like any student folder; other files,
  unreadable files, non-regular files and files over :data:`SIZE_LIMIT` are listed.
- Special files (FIFOs, sockets, devices) named like notebooks get a row with the reason
  and are never opened: their type is read with ``stat`` first.
- A name that is not valid UTF-8 is graded under a printable id (each undecodable byte
  written ``\\xNN``, see :mod:`korea_talks.grading.safe_text`); its row notes the
  original bytes. Every id and entry is printable: no control character reaches a
  terminal, a CSV or a feedback file name.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from korea_talks.grading.safe_text import is_utf8, name_bytes, printable

SIZE_LIMIT = 50 * 1024 * 1024
"""Bytes a submission file may have (a notebook with megabytes of output is far less)."""

CHECKPOINTS = ".ipynb_checkpoints"


class EmptyFolderError(ValueError):
    """The submissions folder holds nothing to grade; the message says what it holds."""


@dataclass
class Submission:
    """One file to grade: where it was found, its id, its hash and its private copy."""

    student: str
    path: Path
    relative: str
    sha256: str = ""
    copy: Path | None = None
    problem: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """An entry of the folder that is not graded, and why."""

    entry: str
    reason: str


@dataclass
class Intake:
    """What :func:`take_in` found."""

    submissions: list[Submission] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _is_notebook_name(name: str) -> bool:
    return name.lower().endswith(".ipynb") and len(name) > len(".ipynb")


def _walk(folder: Path, root: Path, found: list[Path], skipped: list[Skipped]) -> None:
    """Collect notebook-named files and links below ``folder``; list everything else."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        skipped.append(Skipped(_rel(folder, root) + "/", f"cannot list the folder ({exc})"))
        return
    for entry in entries:
        path = Path(entry.path)
        rel = _rel(path, root)
        if entry.is_symlink():
            found.append(path)
        elif entry.is_dir(follow_symlinks=False):
            if entry.name == CHECKPOINTS:
                skipped.append(Skipped(rel + "/", "Jupyter's autosave checkpoints, not graded"))
            elif entry.name.startswith("."):
                skipped.append(Skipped(rel + "/", "hidden folder, not looked into"))
            else:
                before = len(found)
                _walk(path, root, found, skipped)
                if len(found) == before and _is_notebook_name(entry.name):
                    skipped.append(Skipped(rel + "/", "a folder named like a notebook, empty"))
        elif _is_notebook_name(entry.name):
            found.append(path)
        else:
            skipped.append(Skipped(rel, "not a notebook (the name does not end in .ipynb)"))


def _rel(path: Path, root: Path) -> str:
    """The path below the submissions folder, printable (see :mod:`.safe_text`)."""
    return printable(path.relative_to(root).as_posix())


def _resolve_link(path: Path, root: Path) -> tuple[Path | None, str]:
    """The file a link points to, or the reason it is refused."""
    target = Path(os.path.realpath(path))
    if not target.exists():
        target_text = printable(os.readlink(path))
        return None, f"dangling link (its target {target_text!r} does not exist)"
    if target != root and root not in target.parents:
        return None, "link leaving the submissions folder, refused"
    if target.is_dir():
        return None, "link to a folder, not followed"
    return target, ""


def _base_id(relative: Path, per_folder: Counter[str]) -> str:
    parts = relative.parts
    stem = relative.name[: -len(".ipynb")]
    if len(parts) == 1:
        return stem
    if per_folder[parts[0]] == 1:
        return parts[0]
    return "/".join([*parts[:-1], stem])


def take_in(folder: Path) -> Intake:
    """Sort the folder's entries into submissions and skipped entries (reads nothing)."""
    root = Path(os.path.realpath(folder))
    intake = Intake()
    found: list[Path] = []
    _walk(root, root, found, intake.skipped)
    targets: dict[Path, Path] = {}
    links: list[tuple[Path, Path]] = []
    for path in found:
        if path.is_symlink():
            target, reason = _resolve_link(path, root)
            if target is None:
                intake.skipped.append(Skipped(_rel(path, root), reason))
            else:
                links.append((path, target))
        else:
            targets[path] = path
    for link, target in links:
        if target in targets:
            graded = _rel(targets[target], root)
            intake.skipped.append(
                Skipped(_rel(link, root), f"link to {graded}, which is graded (duplicate)")
            )
        elif not _is_notebook_name(target.name) and not _is_notebook_name(link.name):
            intake.skipped.append(Skipped(_rel(link, root), "link to a file that is no notebook"))
        else:
            targets[target] = link
    per_folder = Counter(
        Path(_rel(p, root)).parts[0] for p in targets.values() if len(Path(_rel(p, root)).parts) > 1
    )
    by_id: defaultdict[str, list[Submission]] = defaultdict(list)
    for target, path in sorted(targets.items(), key=lambda item: _rel(item[1], root)):
        relative = Path(_rel(path, root))
        submission = Submission(_base_id(relative, per_folder), target, relative.as_posix())
        raw = path.relative_to(root).as_posix()
        if not is_utf8(raw):
            submission.notes.append(
                f"the file name is not valid UTF-8; graded as {relative.as_posix()!r}, "
                f"original name bytes (hex): {name_bytes(raw)}"
            )
        if path.is_symlink():
            submission.notes.append(f"a link to {_rel(target, root)}")
        if any(part.startswith(".") for part in relative.parts):
            submission.notes.append("a hidden file")
        if not relative.name.endswith(".ipynb"):
            submission.notes.append(f"the name ends in {relative.suffix!r}, not '.ipynb'")
        by_id[submission.student].append(submission)
    for student, group in sorted(by_id.items()):
        if len(group) > 1:
            for submission in group:
                submission.student = submission.relative
                others = ", ".join(s.relative for s in group if s is not submission)
                submission.notes.append(
                    f"the name {student!r} is shared with {others}; each file is graded "
                    "under its path"
                )
        intake.submissions.extend(group)
    intake.submissions.sort(key=lambda s: s.student)
    if not intake.submissions:
        held = "; ".join(f"{s.entry}: {s.reason}" for s in intake.skipped[:10]) or "nothing"
        raise EmptyFolderError(
            f"{folder}: no notebook to grade (a submission is a file named *.ipynb, at the "
            f"top or in one folder per student); the folder holds {held}"
        )
    return intake


FILE_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def special_file(info: os.stat_result) -> str:
    """'' for a regular file, else what it is (``a FIFO``, ``a socket``, ...)."""
    if stat.S_ISREG(info.st_mode):
        return ""
    return FILE_KINDS.get(stat.S_IFMT(info.st_mode), "a special file")


def read_bytes(path: Path) -> bytes:
    """A submission's bytes; ``OSError`` (with a reason) for anything but a regular file.

    The type is read with ``stat`` before anything is opened, so a FIFO, socket or
    device is never opened; the open itself is non-blocking, in case the file was
    swapped in between, and its type is checked again.
    """
    kind = special_file(os.stat(path))
    if kind:
        raise OSError(f"not a regular file but {kind}; it was not opened")
    flags = os.O_NONBLOCK | os.O_NOCTTY
    with open(path, "rb", opener=lambda p, mode: os.open(p, mode | flags)) as handle:
        info = os.fstat(handle.fileno())
        if special_file(info):
            raise OSError(f"not a regular file but {special_file(info)}")
        if info.st_size > SIZE_LIMIT:
            raise OSError(f"larger than {SIZE_LIMIT // (1024 * 1024)} MB")
        return handle.read(SIZE_LIMIT + 1)


def copy_in(intake: Intake, copies: Path) -> None:
    """Hash every submission and write its private copy into ``copies`` (or a problem)."""
    copies.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    for number, submission in enumerate(intake.submissions):
        try:
            data = read_bytes(submission.path)
        except OSError as exc:
            submission.problem = f"cannot read the file ({exc.strerror or exc})"
            continue
        submission.sha256 = hashlib.sha256(data).hexdigest()
        submission.copy = copies / f"{number:04d}.ipynb"
        submission.copy.write_bytes(data)
        if submission.sha256 in seen:
            submission.notes.append(f"the same bytes as {seen[submission.sha256]}'s submission")
        else:
            seen[submission.sha256] = submission.student


def changed_since(submission: Submission) -> str:
    """'' if the original still has the hash taken before grading, else what changed."""
    if not submission.sha256:
        return ""
    try:
        now = hashlib.sha256(read_bytes(submission.path)).hexdigest()
    except OSError as exc:
        return f"the file became unreadable or was removed during grading ({exc})"
    if now != submission.sha256:
        return f"the file changed during grading (sha256 now {now[:12]}...)"
    return ""
