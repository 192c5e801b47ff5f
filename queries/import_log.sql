-- The imports in force, as the warehouse publishes them (the full log, with file names and row
-- counts, stays in the import store: admin.writes.import_log for the people who may see it).
-- Grain: one row per import in force, newest first. Parameters: none.
SELECT import_id, org, kind, imported_at, status, is_demo
FROM import_log
ORDER BY imported_at DESC;
