"""``python -m civscore``: the command line (see :mod:`civscore.cli`)."""

from civscore.cli import main

raise SystemExit(main())
