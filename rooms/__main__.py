"""``python -m rooms``: the rooms' command line (see :mod:`rooms.cli`)."""

import sys

from .cli import main

sys.exit(main())
