"""Start Common Ground: `python main.py [COMMAND ...]` (see README)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
