"""Evaluation modes of ``eventwire eval`` beside the default events mode (``evaluate.py``).

Each module here scores one kind of gold file and exposes ``run(argv: list[str]) -> int``;
``evaluate.run_eval`` dispatches to it on the mode's flag (``--timex``, ``--attribution``,
``--types``, ``--stories``). Gold files are read at run time from the path the user gives.
"""
