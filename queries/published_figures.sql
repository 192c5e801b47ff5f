-- Every published figure, for the stable downloads (static/downloads/, queries/downloads.py): each
-- observation with its indicator, area, year, value, status and source. Organisation figures as
-- published (rounded at publication) and with privacy_kind/privacy_group, so the small-number rules of
-- queries/privacy.py hide what they hide on the pages: the wijken of one gemeente per indicator and
-- year form one group, the gemeenten per indicator and year another.
-- Grain: one row per observation (indicator, area, indeling, year). Parameters: none.
SELECT o.indicator_id, i.label_nl, i.unit, o.region_code, r.name AS region_name, r.level, r.parent_code,
       o.indeling_year, o.year, o.value, o.numerator, o.denominator, o.status, o.is_derived, o.derivation,
       o.source_id, s.credit, coalesce(s.is_demo, false) AS is_demo, i.privacy_kind,
       CASE WHEN i.privacy_kind IS NULL THEN NULL
            WHEN r.level = 'wijk' THEN concat_ws('|', o.indicator_id, r.parent_code, o.indeling_year, o.year)
            ELSE concat_ws('|', o.indicator_id, r.level, o.year) END AS privacy_group
FROM observation AS o
LEFT JOIN indicator AS i USING (indicator_id)  -- never drop a figure
LEFT JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
LEFT JOIN source AS s USING (source_id)
ORDER BY o.indicator_id, r.level, o.region_code, o.indeling_year, o.year;
