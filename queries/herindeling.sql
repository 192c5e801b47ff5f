-- Gemeenten merged between the 2021 and 2024 indeling.
-- Grain: one row per old gemeente. Parameters: none.
SELECT old_code, old_name, new_code, new_name, valid_from
FROM herindeling
ORDER BY new_name, old_name;
