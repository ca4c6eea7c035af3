"""``python -m eventwire``: the same as the ``eventwire`` command."""
import sys

from .cli import main

sys.exit(main())
