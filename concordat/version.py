"""concordat's version, in a module of its own so nothing needs the package root for it."""

__version__ = "0.1.0"

#: The distribution's name on package indexes (``concordat`` on PyPI is another project); the
#: command and the import package are ``concordat``.
DIST_NAME = "concordat-tracker"
