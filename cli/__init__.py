"""The command lines: ``python -m assessment`` (:mod:`cli.assessment`); the rooms' is :mod:`rooms.cli`."""
