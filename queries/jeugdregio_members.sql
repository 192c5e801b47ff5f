-- The gemeenten of the chosen gemeente's jeugdregio (2024 indeling), the gemeente itself included, for the
-- comparison group 'jeugdregio' on Gemeenten vergelijken and Preventie en zorg. Empty when the warehouse
-- has no jeugdregio composition (the pages then say so). Same columns as the jeugdregio query of issue 20
-- (jeugdregio_gemeenten), which replaces this one when it lands.
-- Grain: one row per member gemeente. Parameters: $gemeente (VARCHAR, GMxxxx).
SELECT m.group_code AS jeugdregio_code, m.group_name AS jeugdregio_name, m.member_code AS gemeente_code,
       r.name AS gemeente_name, m.member_code = $gemeente AS is_self, m.is_derived
FROM region_member AS own
JOIN region_member AS m ON m.group_level = own.group_level AND m.group_code = own.group_code
                       AND m.indeling_year = own.indeling_year
LEFT JOIN region AS r ON r.code = m.member_code AND r.indeling_year = 2024
WHERE own.group_level = 'jeugdregio' AND own.member_code = $gemeente AND own.indeling_year = 2024
ORDER BY r.name;
