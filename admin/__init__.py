"""Everything that writes and is audited: who may (``access``), the trail (``audit``), the writes.

One job: decide, record and do the writes of the product — the access decisions (``access``: roles
from config/toegang.toml, lokale modus, verified claims), the audit trail with the one helper for
"check, record, act" (``audit.checked``), the audited writes of organisation data (``writes``: import,
rollback, demo data out, the import log as a role may see it), demo data on and off (``demo``), the
refresh from CBS (``refresh``), backup and restore of the import store (``backup``) and the command
line ``python -m admin``. Pages and scripts write only through here.

May import: ``settings`` (paths), ``orgdata`` (the unchecked store operations), ``warehouse`` (paths, the writers' lock, the
build that a refresh runs) and ``refresh`` (the CBS/PDOK download). Nothing below imports ``admin``.
"""
