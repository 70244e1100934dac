"""``python -m calfexpert``: the same as the ``calfexpert`` command."""

from .cli import main

main(prog_name="calfexpert")
