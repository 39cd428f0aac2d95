"""The partnership's record in git: each commitment's timeline, and what changed between
two points.

:mod:`~concordat.history.git` runs git (one ``git log``, one ``git cat-file --batch``);
:mod:`~concordat.history.snapshot` reads one revision's files with the same reader and
loader as ``validate``; :mod:`~concordat.history.walk` goes revision by revision, the
working tree last; :mod:`~concordat.history.timeline` follows each commitment by id (and
across a renumbering) and compares two revisions. :mod:`~concordat.history.slippage` is
what other views call for "first promised ..., moved 3 times".
"""
