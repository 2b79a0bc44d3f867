"""The plan's life after adoption: the yearly report (annual, charts), the amendments (amend), the
executors' forms and their import (the forms package), and the edition in force on a date (editions).

In: a checked Plan and its ledger. Out: typed facts (a year's report, the changes between editions, the
plan in force) that documents, forms and the site show; workbooks; a year file written back to content.
"""
