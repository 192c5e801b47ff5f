"""``python -m orgdata import|terugdraaien|log|verwijder-voorbeelddata`` — see ``orgdata.store``."""
import sys

from orgdata.store import main

sys.exit(main())
