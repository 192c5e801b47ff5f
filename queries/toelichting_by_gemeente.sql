-- The gemeente's own notes on its figures (toelichtingen, written with admin/notes.py), as published:
-- without the author's name, with the author's role and the date; the pages show them under the figure.
-- Grain: one row per note in force (gemeente, indicator, year or NULL for every year, wijk or NULL).
-- Parameters: $gemeente VARCHAR (GMxxxx).
SELECT t.gemeente_code, t.indicator_id, i.label_nl, t.year, t.wijk_code, w.name AS wijk_name, t.body,
       t.author_role, t.written_at
FROM toelichting AS t
LEFT JOIN indicator AS i USING (indicator_id)
LEFT JOIN (SELECT code, any_value(name ORDER BY indeling_year DESC) AS name FROM region
           WHERE level = 'wijk' GROUP BY code) AS w ON w.code = t.wijk_code
WHERE t.gemeente_code = $gemeente
ORDER BY t.indicator_id, t.year NULLS FIRST, t.wijk_code NULLS FIRST
