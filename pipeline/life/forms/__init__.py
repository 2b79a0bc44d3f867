"""Executors' Excel forms: one workbook per responsible party to report a year, and its import.

Issuing: layout (sheets, columns, headers and who reports what, shared by both sides), style (how
cells look), instructions and sheets (what each sheet holds), writing (the workbook) and issue (into
a folder). Importing: limits (what may be a form at all), grid (a sheet read in one pass), cells (a
cell's value checked, with its Lithuanian message), reading (a returned form against the one issued)
and yearfile (stebesena/<year>.yaml written, all or nothing).
"""
