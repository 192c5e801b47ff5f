-- Every source of the warehouse, with its licence, credit line and file checksum.
-- Grain: one row per source. Parameters: none.
SELECT source_id, title, publisher, licence, credit, file_path, retrieved, sha256, is_demo
FROM source
ORDER BY is_demo, publisher, title;
