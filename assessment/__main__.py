"""``python -m assessment``: the command line, :mod:`cli.assessment`."""

import sys

from cli.assessment import main

sys.exit(main())
