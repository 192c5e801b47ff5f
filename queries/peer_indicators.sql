-- Name, unit and decimals of the indicators the page Gemeenten vergelijken shows: the context of
-- the statistical neighbours and the figures compared (the columns of peer_context.sql).
-- Grain: one row per indicator in the catalogue, by indicator_id. Parameters: none.
SELECT indicator_id, label_nl, unit, decimals, polarity
FROM indicator
WHERE indicator_id IN ('inwoners', 'kinderen_0_15_pct', 'jongeren_15_25_pct', 'inkomen_per_inwoner',
                       'bijstand_per_1000', 'bevolkingsdichtheid', 'jeugdzorg_pct', 'wmo_per_1000',
                       'huish_laag_inkomen_pct', 'huish_sociaal_minimum_pct',
                       'jeugdzorg_reeks2015_pct', 'jeugdzorg_reeks2021_pct')
ORDER BY indicator_id;
