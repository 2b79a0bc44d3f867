"""Commands: what an official runs (`python -m pipeline …`, the Makefile calls it).

build (check, render what changed, write), approve (record an adopted act), watch, and the command
line itself (cli) with its Lithuanian messages and exit codes: 0 done, 1 problems, 2 usage.
"""
