"""``python -m engine.cli``: the same as the ``warsim`` console script."""

import sys

from engine.cli import main

sys.exit(main())
