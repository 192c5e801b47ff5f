-- Organisation data: the import store (data/organisations.duckdb) and the warehouse share these
-- tables. In the store they hold every import ever made; in the warehouse only the rows in force
-- (see visible_period in orgdata/store.py). Every row carries the import it came from.

CREATE TABLE IF NOT EXISTS import_log (
    import_id     VARCHAR PRIMARY KEY,
    seq           INTEGER NOT NULL,          -- order of imports: a later one wins for its periods
    org           VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,          -- 'bereik', 'signalen', 'uitgaven'
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_ok       INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    imported_at   TIMESTAMP NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('actief', 'afgekeurd', 'geweigerd', 'teruggedraaid')),
    is_demo       BOOLEAN NOT NULL DEFAULT false,
    message       VARCHAR
);

CREATE TABLE IF NOT EXISTS import_period (
    import_id VARCHAR NOT NULL,
    period    DATE NOT NULL,                 -- a month, or 1 January of a year for spending
    PRIMARY KEY (import_id, period)
);

CREATE TABLE IF NOT EXISTS kinderwerk_reach (
    import_id       VARCHAR NOT NULL,
    org             VARCHAR NOT NULL,
    wijk_code       VARCHAR NOT NULL,
    indeling_year   INTEGER NOT NULL,
    month           DATE NOT NULL,
    activity_type   VARCHAR NOT NULL,
    age_band        VARCHAR NOT NULL,
    children_unique INTEGER NOT NULL,
    contacts        INTEGER NOT NULL,
    hours           DOUBLE NOT NULL,
    parents_reached INTEGER,
    volunteers      INTEGER
);

CREATE TABLE IF NOT EXISTS signal (
    import_id     VARCHAR NOT NULL,
    org           VARCHAR NOT NULL,
    wijk_code     VARCHAR NOT NULL,
    indeling_year INTEGER NOT NULL,
    month         DATE NOT NULL,
    category      VARCHAR NOT NULL,
    outcome       VARCHAR NOT NULL,
    count         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS spending (
    import_id     VARCHAR NOT NULL,
    org           VARCHAR NOT NULL,
    gemeente_code VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    taakveld      VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    amount        DOUBLE NOT NULL
);

-- Audit trail (issue 12): every write — import, rollback, demo data on/off, refresh — with who, when,
-- what and the result, refused attempts included. Kept in the import store only: it names people, so
-- the warehouse (read by the public pages) never gets it; only a beheerder reads it (warehouse/audit.py).
CREATE TABLE IF NOT EXISTS audit_log (
    changed_at TIMESTAMP NOT NULL,
    actor   VARCHAR NOT NULL,                -- e-mail or subject from the sign-in, or the OS user
    role    VARCHAR NOT NULL,                -- 'beheerder', 'organisatie', 'publiek'
    via     VARCHAR NOT NULL,                -- 'aanmelding', 'lokaal', 'opdrachtregel', 'anoniem'
    action  VARCHAR NOT NULL,                -- 'import', 'terugdraaien', 'voorbeelddata aan', 'voorbeelddata uit', 'verversen'
    org     VARCHAR,                         -- the organisation written for, where there is one
    target  VARCHAR,                         -- file name or import id
    result  VARCHAR NOT NULL,                -- 'gelukt', 'ongewijzigd', 'afgekeurd', 'geweigerd', 'mislukt'
    message VARCHAR
);
