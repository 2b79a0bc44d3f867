"""The ground every stage stands on: Lithuanian problems and messages (errors), the Lithuanian language's
dates, numbers and agreeing words (lt), writing files whole or not at all under a lock (write), reproducible
zip packages (zips), the one format of the records of what is up to date (records), and worker processes that
die with their parent (workers). Nothing here knows a plan."""
