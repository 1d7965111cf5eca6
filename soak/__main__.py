"""`python -m soak` (`make soak`): run the soak, print its report, write it, and exit 1 when a check failed."""

import sys

from soak.run import soak

if __name__ == "__main__":
    sys.exit(0 if soak() else 1)
