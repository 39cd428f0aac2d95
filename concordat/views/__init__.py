"""Views: what people read, computed from checked areas as frozen dataclasses.

Each view is computed once and every format of it is drawn from that one value, so a table
and its JSON can never disagree. Views compute figures (overdue, stale, core agencies) from
the data and the as-of date, never from the diagnostics.
"""
