-- Every gemeente's own notes on its figures (toelichtingen) as published, for the stable downloads
-- (toelichtingen.csv, queries/downloads.py): without the author's name, with the role and the date.
-- Grain: one row per note in force. Parameters: none.
SELECT gemeente_code, indicator_id, year, wijk_code, body, author_role, written_at
FROM toelichting
ORDER BY gemeente_code, indicator_id, year NULLS FIRST, wijk_code NULLS FIRST;
