"""`python -m tradeqa`: the same as the `tradeqa` command."""

import sys

from tradeqa.cli import main

sys.exit(main())
