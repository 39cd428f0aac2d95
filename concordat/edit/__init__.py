"""Changing the data files from the command line: ``concordat update`` and ``concordat add``
edit the text of one entry in place (every other byte of the file is kept), and
``concordat calendar`` writes the due dates as an iCalendar file.

The edits are made on the text, at the positions the loader already keeps for every value:
a round-trip YAML library rewrites what it does not understand (spacing inside flow lists,
comment placement, line width), and a coordinator's file must come back byte for byte.
"""
