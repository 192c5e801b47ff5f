-- The jeugdregio of a gemeente and all gemeenten in it (2024 composition, derived from CBS Gebieden in
-- Nederland 2016 unless a refresh replaced it): for comparison groups and region totals.
-- region.level = 'jeugdregio' holds the region (code JZxx); jeugdregio_gemeente links its gemeenten.
-- Grain: one row per member gemeente, the chosen one included (is_self). Parameters: $gemeente (VARCHAR, GMxxxx).
SELECT m.jeugdregio_code, jr.name AS jeugdregio_name, m.gemeente_code, g.name AS gemeente_name,
       m.gemeente_code = $gemeente AS is_self, m.is_derived, m.basis, m.share_addresses
FROM jeugdregio_gemeente AS own
JOIN jeugdregio_gemeente AS m ON m.jeugdregio_code = own.jeugdregio_code AND m.indeling_year = own.indeling_year
JOIN region AS jr ON jr.code = m.jeugdregio_code AND jr.level = 'jeugdregio' AND jr.indeling_year = m.indeling_year
JOIN region AS g ON g.code = m.gemeente_code AND g.level = 'gemeente' AND g.indeling_year = m.indeling_year
WHERE own.gemeente_code = $gemeente AND own.indeling_year = 2024
ORDER BY g.name;
