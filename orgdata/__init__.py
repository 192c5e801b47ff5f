"""Organisation data: what organisations upload, checked and kept.

One job: the data contract (``contract``), the templates made from it (``templates``), the importer
with its validation and personal-data guard (``importer``), the import store with replace, rollback
and log (``store``) and the seeded demo data that goes through the same importer (``demo``).

May import: ``settings``, ``warehouse`` (the DuckDB configuration, and
``warehouse.build.publish_org_data`` to republish the warehouse after a change) and ``access``. ``warehouse`` never imports this package.
"""
