"""`python -m volwassenheid` starts the command line."""

from volwassenheid.cli.main import main

main()
