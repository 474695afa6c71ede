"""`python -m game ...` runs the same command line as main.py."""

import sys

from game.cli import main

sys.exit(main())
