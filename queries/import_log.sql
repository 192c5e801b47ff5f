-- The import log: every file an organisation delivered, what happened to it, and whether it is demo.
-- Grain: one row per import attempt, newest first. Parameters: none.
SELECT import_id, org, kind, file_name, rows_ok, rows_rejected, imported_at, status, is_demo, message
FROM import_log
ORDER BY seq DESC;
