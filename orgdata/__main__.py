"""``python -m orgdata`` moved: the audited command line is ``python -m admin`` (it checks and records)."""
import sys

sys.exit("De opdrachtregel voor organisatiegegevens is nu: python -m admin import|terugdraaien|log|"
         "verwijder-voorbeelddata|wijzigingen|toelichting|toelichtingen")
