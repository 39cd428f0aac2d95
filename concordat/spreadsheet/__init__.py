"""Spreadsheets both ways: an area's plan (or the national roll-up) as an Excel workbook,
and the plans partners already keep (Excel, CSV, Word tables) as concordat's YAML files.

openpyxl (and python-docx, for Word) are imported only inside the modules that need them,
which only ``concordat status --format xlsx`` and ``concordat import`` load.
"""
