"""The supervising office's round: who is expected (roster), which year, what changed since
the last submission (the store), one result per body (out-dir).

Everything here runs *after* a batch has been checked, on its results: the engine and the
rule packs know nothing of rounds, so a plain ``checker check`` costs nothing extra.
"""
