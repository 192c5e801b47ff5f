"""Organisation data: what organisations upload, checked and kept.

One job: the data contract (``contract``), the templates made from it (``templates``), the importer
with its validation and personal-data guard (``importer``), the import store with replace, rollback
and log (``store``) and the seeded demo data that goes through the same importer (``demo``).

May import: ``warehouse`` (paths, the DuckDB configuration, and ``warehouse.build.publish_org_data`` to republish
the warehouse after a change). ``warehouse`` never imports this package.
"""
