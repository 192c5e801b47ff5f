-- The data release the dashboard shows: id, build time.
-- Grain: one row. Parameters: none.
SELECT release_id, built_at, seconds FROM build_info;
