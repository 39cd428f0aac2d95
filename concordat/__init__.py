"""concordat: a tracker for Mental Health Crisis Care Concordat partnerships.

The public API is the pipeline every command uses: :func:`check_area` loads an area folder,
checks it and applies its policy; :func:`check_many` does the same for several areas in
parallel processes. Checking imports pydantic only when it is called, so importing the
package stays cheap.
"""

from concordat.pipeline import Checked, Summary, check_area, check_many, report_only
from concordat.version import __version__

__all__ = ["Checked", "Summary", "__version__", "check_area", "check_many", "report_only"]
