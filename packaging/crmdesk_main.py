"""Entry point of the frozen build: the same command line as the installed ``crmdesk``."""

from crmdesk.cli import entry

if __name__ == "__main__":
    entry()
