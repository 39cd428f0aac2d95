"""``python -m concordat``."""

from concordat.cli import main

main()
