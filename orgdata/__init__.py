"""Organisation data: what organisations upload, checked and kept.

One job: the data contract (``contract``), the templates made from it (``templates``), the importer
with its validation and personal-data guard (``importer``), the import store — the one interface to
it, with replace, rollback, log, backup and the audit rows (``store``) — and the seeded demo data
generator (``demo``). Nothing here checks who acts: the audited writes are ``admin``'s.

May import: ``settings``, ``warehouse`` (paths, the DuckDB configuration, the writers' lock, and
``warehouse.build.publish_org_data`` to republish the warehouse after a change). ``warehouse`` never
imports this package; ``admin`` calls it.
"""
