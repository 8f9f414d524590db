"""`python -m archkit SUBCOMMAND`: the same as the installed `archkit` command."""
from .cli import entry

entry()
