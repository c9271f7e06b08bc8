"""Entry point of the frozen build: the same command line as the installed ``crmdesk``."""

import sys

from crmdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
