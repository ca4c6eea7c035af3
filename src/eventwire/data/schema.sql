-- eventwire's DuckDB schema: one row per article, per sentence, per coded event, per quote and
-- per embedded social-media post. Written by eventwire.store.duckdb.Store, read by eventwire.query.
-- Spans are character offsets into articles.text (the cleaned text). Every statement is idempotent.

-- Which layout this file has; eventwire refuses to mix layouts in one file.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('schema', '1');

CREATE TABLE IF NOT EXISTS articles (
    id            VARCHAR PRIMARY KEY,
    title         VARCHAR,
    url           VARCHAR,
    outlet        VARCHAR,
    published     VARCHAR,      -- as given in the input (ISO 8601 date or datetime)
    text          VARCHAR,      -- cleaned text
    content_hash  VARCHAR NOT NULL,  -- sha256 of the input article; decides re-ingestion
    language      VARCHAR,
    ingested_at   TIMESTAMP NOT NULL,
    errors        VARCHAR[]     -- "EW201 clean: ..." per record error
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS events (
    article_id      VARCHAR NOT NULL,
    idx             INTEGER NOT NULL,   -- index in the article's events list, as `eventwire code` writes it
    source_text     VARCHAR, source_code VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_name VARCHAR,
    target_text     VARCHAR, target_code VARCHAR, target_country VARCHAR, target_sector VARCHAR, target_name VARCHAR,
    cameo           VARCHAR NOT NULL,
    root            VARCHAR NOT NULL,
    plover          VARCHAR,
    quad_class      INTEGER,
    goldstein       DOUBLE,
    modality        VARCHAR,
    speaker         VARCHAR,            -- attribution.speaker; NULL when the article's own voice asserts it
    speaker_type    VARCHAR,
    speaker_text    VARCHAR, speaker_code VARCHAR, speaker_country VARCHAR, speaker_sector VARCHAR, speaker_name VARCHAR,
    via             VARCHAR[],
    quote           BOOLEAN,
    date            VARCHAR,            -- ISO date the event happened, as resolved by the dates stage
    date_text       VARCHAR,
    location_name   VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
    location_geonameid BIGINT, location_precision VARCHAR,
    sentence        VARCHAR,
    sentence_idx    INTEGER,            -- which sentences row holds span_start; 0 = the lead sentence
    span_start      INTEGER,
    span_end        INTEGER,
    trigger         VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    speaker     VARCHAR,
    speaker_text VARCHAR, speaker_code VARCHAR, speaker_country VARCHAR, speaker_sector VARCHAR, speaker_name VARCHAR,
    text        VARCHAR,
    span_start  INTEGER,
    span_end    INTEGER,
    via         VARCHAR[],
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS posts (
    article_id       VARCHAR NOT NULL,
    idx              INTEGER NOT NULL,
    author           VARCHAR,
    handle           VARCHAR,
    time             VARCHAR,
    span_start       INTEGER,
    span_end         INTEGER,
    signature_start  INTEGER,
    signature_end    INTEGER,
    PRIMARY KEY (article_id, idx)
);

-- Events with their article's metadata and the day they are dated to: the event's own date,
-- else the article's publication day. Every event query reads this view.
CREATE OR REPLACE VIEW event_rows AS
SELECT e.*,
       TRY_CAST(COALESCE(e.date, LEFT(a.published, 10)) AS DATE) AS day,
       a.title, a.url, a.outlet, a.published, a.ingested_at
FROM events e JOIN articles a ON a.id = e.article_id;
