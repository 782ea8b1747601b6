"""`python -m alliance_desk` runs the same command line as `alliance-desk`."""

import sys

from alliance_desk.cli import main

sys.exit(main())
