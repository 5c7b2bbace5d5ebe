"""``python -m assessment``: see :mod:`assessment.cli`."""

import sys

from .cli import main

sys.exit(main())
