"""`python -m ivr.simulate`, as issues 3 and 4 named it, still starts the simulator (devtools/simulate.py)."""

import sys

from devtools.simulate import main

sys.exit(main())
