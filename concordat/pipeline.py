"""The one path every command takes to look at an area: load it, check it, apply its policy.

:func:`check_area` checks one area in this process and returns everything a view needs.
:func:`check_many` checks several in parallel worker processes; each worker turns its area
into a small, picklable summary (a function the caller chooses), so the large trees of nodes
and models never cross between processes. Ids are scoped to their area and every diagnostic
names its file, so one area's problems never hide another's.

Checking needs pydantic and the models; they are imported when an area is checked, so that
importing this module (and the package, which re-exports it) stays cheap.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from concordat.diagnostics import Diagnostic, Report
from concordat.layout import display_path, refused

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Checked:
    """One area, read and checked: the data, the problems found, and what it was judged by."""

    area: Area
    report: Report  # what the area's run reports, its own settings and silences applied
    settings: Settings
    #: Every problem found in the data, at concordat's own severities, before the area's
    #: settings and silences: the same standard for every area.
    found: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Summary(Generic[T]):
    """What a worker sends back for one area: its report and the caller's summary of it."""

    folder: str  # as shown to people
    name: str | None  # the area: name in signatories.yaml, if it could be read
    report: Report
    value: T


def check_area(folder: Path, as_of: date, *, stale_days: int | None = None) -> Checked:
    """Load the area at ``folder``, run every check as of ``as_of``, then apply its policy.

    ``stale_days`` overrides the area's ``concordat.toml``. Raises
    :class:`concordat.layout.AreaNotFound` when the folder holds no concordat data; every
    problem in the data itself is in the report.
    """
    from concordat import area as area_module
    from concordat import checks, config, policy

    loaded = area_module.load(folder)
    settings_file, config_problems = config.load(folder, display_path(folder / config.FILE_NAME))
    settings = settings_file.settings(as_of, stale_days)
    found = checks.run(loaded, settings)
    kept, silenced = policy.apply([*found, *config_problems], loaded, settings_file)
    files = [f.name for f in loaded.files]
    if settings_file.file:
        files.append(settings_file.file)
    return Checked(loaded, Report.build(kept, files, silenced), settings, tuple(found))


def report_only(checked: Checked) -> None:
    """The summary for :func:`check_many` when only the reports are wanted: nothing."""


def check_many(
    folders: Sequence[Path],
    as_of: date,
    *,
    summarise: Callable[[Checked], T],
    stale_days: int | None = None,
    jobs: int | None = None,
) -> list[Summary[T]]:
    """Check every area, in the order given: in ``jobs`` processes (at most one per CPU)
    when there are several.

    ``summarise`` runs in the worker, on each checked area; it must be a module-level
    function (or a ``functools.partial`` of one) so it can be sent to the workers.

    Of several areas, one that cannot be checked (its folder cannot be read, or the process
    checking it dies, as when the system runs out of memory and kills it) is reported as
    that area's F002 error and the others are still checked; a single area that cannot be
    read raises :class:`concordat.layout.AreaNotFound`.
    """
    refusals = {i: why for i, f in enumerate(folders) if (why := refused(f)) is not None}
    if refusals:  # a link out of the folder named: reported, and nothing read through it
        rest = [f for i, f in enumerate(folders) if i not in refusals]
        checked = iter(
            check_many(rest, as_of, summarise=summarise, stale_days=stale_days, jobs=jobs)
            if rest
            else []
        )
        return [
            _not_checked(f, refusals[i], as_of=as_of, stale_days=stale_days, summarise=summarise)
            if i in refusals
            else next(checked)
            for i, f in enumerate(folders)
        ]
    work = functools.partial(
        _check_one,
        as_of=as_of,
        stale_days=stale_days,
        summarise=summarise,
        keep_going=len(folders) > 1,
    )
    # checking is work for a CPU: more processes than CPUs only cost starting them
    cpus = default_jobs()
    jobs = min(jobs or cpus, cpus, len(folders))
    if jobs <= 1:
        return [work(folder) for folder in folders]
    died = functools.partial(_not_checked, as_of=as_of, stale_days=stale_days, summarise=summarise)
    return _in_workers(work, died, folders, jobs)


def _check_one(
    folder: Path,
    *,
    as_of: date,
    stale_days: int | None,
    summarise: Callable[[Checked], T],
    keep_going: bool = False,
) -> Summary[T]:
    from concordat.layout import AreaNotFound

    try:
        checked = check_area(folder, as_of, stale_days=stale_days)
    except (AreaNotFound, OSError) as error:
        if not keep_going:
            raise
        why = str(error) if isinstance(error, AreaNotFound) else _os_error(folder, error)
        return _not_checked(folder, why, as_of=as_of, stale_days=stale_days, summarise=summarise)
    except MemoryError:
        if not keep_going:
            raise
        why = f"cannot check {display_path(folder)}: it ran out of memory"
        return _not_checked(folder, why, as_of=as_of, stale_days=stale_days, summarise=summarise)
    try:
        value = summarise(checked)
    except MemoryError:
        if not keep_going:
            raise
        why = f"cannot check {display_path(folder)}: it ran out of memory"
        return _not_checked(folder, why, as_of=as_of, stale_days=stale_days, summarise=summarise)
    return Summary(display_path(folder), checked.area.name, checked.report, value)


def _os_error(folder: Path, error: OSError) -> str:
    where = display_path(Path(error.filename)) if error.filename else display_path(folder)
    return f"cannot read {where}: {error.strerror or error}"


def _not_checked(
    folder: Path,
    why: str,
    *,
    as_of: date,
    stale_days: int | None,
    summarise: Callable[[Checked], T],
) -> Summary[T]:
    """An area that could not be checked, as its one error (F002, on its folder): the
    caller's summary of it is made from an area with nothing read."""
    from concordat.area import Area
    from concordat.config import Config

    shown = display_path(folder)
    problem = Diagnostic.at(
        "F002", why, shown, None, f"check it on its own: concordat validate {shown}"
    )
    area = Area(folder, diagnostics=[problem])
    report = Report.build([problem], [])
    checked = Checked(area, report, Config().settings(as_of, stale_days), (problem,))
    return Summary(shown, None, report, summarise(checked))


def _in_workers(
    work: Callable[[Path], Summary[T]],
    died: Callable[..., Summary[T]],
    folders: Sequence[Path],
    jobs: int,
) -> list[Summary[T]]:
    """``work`` on every folder in ``jobs`` worker processes, one folder at a time to each,
    so that a worker that dies is known to have died on its folder: that folder is reported
    (``died``) and a new worker carries on. Whatever ends this early (an error, Ctrl-C,
    SIGTERM), no worker outlives it."""
    import multiprocessing  # only a run that checks several areas pays for these imports
    from multiprocessing.connection import wait

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    waiting = list(range(len(folders)))[::-1]  # popped from the end: in order
    results: dict[int, Summary[T]] = {}
    busy: dict[Any, tuple[Any, int]] = {}  # connection -> (process, index of its folder)
    started: list[Any] = []
    try:
        while waiting or busy:
            while waiting and len(busy) < jobs:
                try:
                    process, starting = _start_worker(context, work)
                except OSError:  # too many open files or processes: go on with fewer
                    jobs = len(busy)
                    break
                started.append(process)
                index = waiting.pop()
                starting.send(folders[index])
                busy[starting] = (process, index)
            if not busy:  # no worker could be started: this process checks the rest itself
                index = waiting.pop()
                results[index] = work(folders[index])
                continue
            for ready in wait(list(busy)):
                connection: Any = ready
                process, index = busy.pop(connection)
                try:
                    outcome, value = connection.recv()
                except (EOFError, OSError):  # the worker is gone
                    connection.close()
                    process.join()
                    results[index] = died(folders[index], _death(folders[index], process))
                    continue
                if outcome == "raised":
                    connection.close()
                    raise value
                results[index] = value
                if waiting:
                    index = waiting.pop()
                    connection.send(folders[index])
                    busy[connection] = (process, index)
                else:
                    connection.send(None)
                    connection.close()
                    process.join()
    finally:
        for process in started:
            _end(process)
        for connection in busy:
            connection.close()
    return [results[i] for i in range(len(folders))]


def _start_worker(context: Any, work: Callable[[Path], Summary[T]]) -> tuple[Any, Any]:
    """A worker process and the parent's end of its connection. The signals that stop a
    run are blocked while it starts, so none reaches it before it has set them aside: only
    the parent answers Ctrl-C, and ends the workers itself."""
    ours, theirs = context.Pipe()
    process = context.Process(target=_worker, args=(theirs, work), daemon=True)
    blocked = _block(STOP_SIGNALS)
    try:
        process.start()
    except BaseException:
        ours.close()
        raise
    finally:
        _restore(blocked)
        theirs.close()  # the worker holds its end: its death is an end of file here
    return process, ours


def _worker(connection: Any, work: Callable[[Path], Summary[T]]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent answers Ctrl-C
    for number in STOP_SIGNALS:
        if number != signal.SIGINT:
            signal.signal(number, signal.SIG_DFL)
    _unblock_stops()
    while True:
        try:
            folder = connection.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if folder is None:
            return
        try:
            answer: tuple[str, object] = ("done", work(folder))
        except Exception as error:  # a bug: raised again in the parent
            answer = ("raised", error)
        try:
            connection.send(answer)
        except (EOFError, OSError):
            return
        except Exception as error:  # it would not pickle
            connection.send(("raised", RuntimeError(f"{type(error).__name__}: {error}")))


def _death(folder: Path, process: Any) -> str:
    """Why a worker's area could not be checked, from how the worker ended."""
    import signal

    code = process.exitcode
    shown = display_path(folder)
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        memory = " (as the system does when it runs out of memory)" if name == "SIGKILL" else ""
        return f"cannot check {shown}: the process checking it was killed by {name}{memory}"
    return f"cannot check {shown}: the process checking it ended unexpectedly (exit {code})"


def _end(process: Any) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if process.is_alive():
            process.kill()
        process.join(5)


class Stopped(BaseException):
    """A signal asked the run to stop: Ctrl-C (SIGINT), SIGTERM, or the terminal closing
    (SIGHUP). A BaseException, so that nothing on the way up takes it for an error; the
    command line says one line and exits 128 plus the signal's number, as shells do."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number

    @property
    def exit_code(self) -> int:
        return 128 + self.number

    @property
    def words(self) -> str:
        import signal

        if self.number == signal.SIGINT:
            return "interrupted"
        try:
            return f"stopped by {signal.Signals(self.number).name}"
        except ValueError:
            return f"stopped by signal {self.number}"


def _stop(number: int, frame: object) -> None:
    import signal

    for each in STOP_SIGNALS:  # one signal is enough: the way out is not interrupted
        signal.signal(each, signal.SIG_IGN)
    raise Stopped(number)


def stop_on_signals() -> None:
    """Make Ctrl-C, SIGTERM and SIGHUP raise :class:`Stopped` in this process, so that the
    run ends its workers and says one line instead of a traceback."""
    import signal

    for number in STOP_SIGNALS:
        signal.signal(number, _stop)


def _signals() -> tuple[int, ...]:
    import signal

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    return tuple(getattr(signal, name) for name in names if hasattr(signal, name))


STOP_SIGNALS = _signals()


def _block(numbers: Iterable[int]) -> set[int] | None:
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, numbers))


def _restore(previous: set[int] | None) -> None:
    import signal

    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _unblock_stops() -> None:
    import signal

    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def combined(summaries: Iterable[Summary[T]]) -> Report:
    """One report over every area: all diagnostics and files, in a stable order."""
    every = list(summaries)
    return Report.build(
        (d for s in every for d in s.report.diagnostics),
        [f for s in every for f in s.report.files],
        (quiet for s in every for quiet in s.report.silenced),
    )


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
