"""``python -m concordat``.

:func:`run` answers Ctrl-C and SIGTERM before the command line's heavy imports, so that a
signal that comes while they load also ends in one line, not a traceback.
"""

import sys


def run() -> None:
    from concordat.pipeline import Stopped, stop_on_signals

    stop_on_signals()
    try:
        from concordat.cli import main
    except Stopped as stop:
        sys.stderr.write(f"concordat: {stop.words}\n")
        raise SystemExit(stop.exit_code) from None
    main()


if __name__ == "__main__":
    run()
