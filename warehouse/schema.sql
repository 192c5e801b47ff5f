-- Vroeg Doen warehouse schema: long and tidy (docs/ARCHITECTURE.md).
-- Codes mean something only within one year's indeling, so every area key carries indeling_year.

CREATE TABLE source (
    source_id    VARCHAR PRIMARY KEY,   -- stable id, e.g. 'kwb_almere_2018_2025'
    title        VARCHAR NOT NULL,
    publisher    VARCHAR NOT NULL,
    licence      VARCHAR NOT NULL,
    credit       VARCHAR NOT NULL,      -- the line shown under a chart, e.g. 'Bron: CBS'
    file_path    VARCHAR,               -- relative to the project root
    retrieved    VARCHAR,               -- when the file was taken from its origin
    sha256       VARCHAR,
    is_demo      BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE region (
    code          VARCHAR NOT NULL,     -- NL00, GMxxxx, WKxxxxxx, BUxxxxxxxx
    level         VARCHAR NOT NULL CHECK (level IN ('land', 'gemeente', 'wijk', 'buurt', 'jeugdzorgregio')),
    name          VARCHAR NOT NULL,
    parent_code   VARCHAR,
    indeling_year INTEGER NOT NULL,
    geometry_year INTEGER,              -- the indeling whose geometry can draw this area; NULL: none
    PRIMARY KEY (code, indeling_year)
);

CREATE TABLE region_geometry (
    code          VARCHAR NOT NULL,
    indeling_year INTEGER NOT NULL,
    geojson       VARCHAR NOT NULL,     -- simplified, rounded GeoJSON geometry (EPSG:4326)
    centroid_lon  DOUBLE NOT NULL,
    centroid_lat  DOUBLE NOT NULL,
    PRIMARY KEY (code, indeling_year)
);

CREATE TABLE herindeling (
    old_code   VARCHAR NOT NULL,
    old_name   VARCHAR NOT NULL,
    new_code   VARCHAR NOT NULL,
    new_name   VARCHAR NOT NULL,
    valid_from DATE NOT NULL,
    PRIMARY KEY (old_code, new_code)
);

CREATE TABLE indicator (
    indicator_id  VARCHAR PRIMARY KEY,
    label_nl      VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,
    decimals      INTEGER NOT NULL,
    definition_nl VARCHAR NOT NULL,
    source_table  VARCHAR NOT NULL,
    theme         VARCHAR NOT NULL CHECK (theme IN ('specialistische zorg', 'preventie', 'signalen', 'context', 'uitgaven')),
    polarity      INTEGER NOT NULL CHECK (polarity IN (-1, 0, 1)),  -- -1: higher is more need
    privacy_kind  VARCHAR CHECK (privacy_kind IN ('count', 'rate'))  -- organisation data: suppressed when small
);

CREATE TABLE observation (
    indicator_id  VARCHAR NOT NULL,     -- a row of indicator (checked by tests)
    region_code   VARCHAR NOT NULL,
    indeling_year INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    value         DOUBLE,               -- NULL unless status = 'value'
    numerator     DOUBLE,
    denominator   DOUBLE,
    status        VARCHAR NOT NULL CHECK (status IN ('value', 'secret', 'missing', 'not_bundled')),  -- not_bundled: cut-off source file
    is_derived    BOOLEAN NOT NULL DEFAULT false,  -- computed by us, e.g. re-aggregated after a herindeling
    derivation    VARCHAR,              -- how, in Dutch, when is_derived
    source_id     VARCHAR NOT NULL,     -- a row of source (checked by tests; no FK: org data is republished)
    PRIMARY KEY (indicator_id, region_code, indeling_year, year),
    CHECK ((status = 'value') = (value IS NOT NULL))
);

CREATE TABLE national_reference (
    indicator  VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    value      DOUBLE NOT NULL,
    unit       VARCHAR NOT NULL,
    cited_from VARCHAR NOT NULL,
    source_id  VARCHAR NOT NULL,
    PRIMARY KEY (indicator, year)
);

CREATE TABLE taakveld (
    boekjaar      INTEGER NOT NULL,
    code          VARCHAR NOT NULL,
    omschrijving  VARCHAR NOT NULL,
    PRIMARY KEY (boekjaar, code)
);

CREATE TABLE trend_break (
    year        INTEGER NOT NULL,       -- the first year under the new definition or indeling
    theme       VARCHAR NOT NULL,       -- the indicator theme it affects
    region_code VARCHAR,                -- NULL: everywhere
    label_nl    VARCHAR NOT NULL
);

CREATE TABLE build_info (
    release_id   VARCHAR NOT NULL,      -- hash of all input files: the data release
    built_at     TIMESTAMP NOT NULL,
    seconds      DOUBLE NOT NULL
);
-- The organisation tables (import_log, kinderwerk_reach, signal, spending) are defined in
-- warehouse/org_schema.sql, shared with the import store, and filled by org_publish.sql.
