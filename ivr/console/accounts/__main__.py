"""`python -m ivr.console.accounts`, as issue 10 named it, still manages staff (console/accounts.py)."""

import sys

from console.accounts import main

sys.exit(main())
