"""The ground every stage stands on: Lithuanian problems and messages (errors), the Lithuanian language's
dates, numbers and agreeing words (lt), writing files whole or not at all under a lock (write), and worker
processes that die with their parent (workers). Nothing here knows a plan."""
