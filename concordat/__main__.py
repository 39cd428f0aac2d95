"""``python -m concordat``.

:func:`run` answers Ctrl-C and SIGTERM before anything else is imported (the package root
imports nothing heavy), so that a signal that comes while the command line loads also ends
in one line, not a traceback.
"""

import sys


class _Early(BaseException):
    """A stop signal that came before :mod:`concordat.pipeline`'s handlers were in."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _early(number: int, frame: object) -> None:
    import signal

    for each in _STOPS:  # one signal is enough: the way out is not interrupted
        signal.signal(each, signal.SIG_IGN)
    raise _Early(number)


def _stops() -> tuple[int, ...]:
    import signal

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    return tuple(getattr(signal, name) for name in names if hasattr(signal, name))


_STOPS = _stops()


def run() -> None:
    import signal

    for number in _STOPS:
        signal.signal(number, _early)
    try:
        from concordat import pipeline

        pipeline.stop_on_signals()
        from concordat.cli import main
    except BaseException as caught:
        from concordat.pipeline import Stopped

        if isinstance(caught, _Early):
            caught = Stopped(caught.number)
        if not isinstance(caught, Stopped):
            raise
        sys.stderr.write(f"concordat: {caught.words}\n")
        raise SystemExit(caught.exit_code) from None
    main()


if __name__ == "__main__":
    run()
