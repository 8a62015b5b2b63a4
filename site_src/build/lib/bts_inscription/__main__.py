import sys

from bts_inscription.cli import main

sys.exit(main())
