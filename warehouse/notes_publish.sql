-- The gemeenten's own notes on their figures (toelichtingen, orgdata/notes.py), published for the
-- pages: the notes in force from the import store (attached as `org`), without the author's name —
-- the name stays in the store and its audit trail; the pages show the author's role and the date.
-- Run by warehouse/build.py (_publish_into) after the organisation data, only when the store has them.
INSERT INTO toelichting
SELECT note_id, gemeente_code, indicator_id, year, wijk_code, body, author_role, written_at
FROM org.toelichting
WHERE status = 'actief';
