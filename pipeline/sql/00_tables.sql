-- Base tables, filled by `motebok load` from the extract stage's JSON lines.
-- Every extracted row carries doc_id, page and the character span of its source text.
-- No column is called plain `kind` or `title` where documents has one too (doc_kind,
-- decision_kind, …), so a join with documents needs no qualification. Descriptions of
-- every table, view and column: schema.yaml (COMMENT ON, docs/schema.md).

CREATE OR REPLACE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,
    source_path VARCHAR NOT NULL,
    other_paths VARCHAR[],
    file_type VARCHAR,
    method VARCHAR,
    n_bytes BIGINT,
    pages INTEGER,
    n_chars INTEGER,
    doc_kind VARCHAR,
    organization VARCHAR,
    body VARCHAR,
    meeting_date DATE,
    meeting_date_text VARCHAR,
    place VARCHAR,
    doc_title VARCHAR,
    content_end INTEGER,
    warnings VARCHAR[],
    n_dropped_chars INTEGER,    -- characters in dropped_spans (furniture + web chrome)
    layout_breaks INTEGER,      -- line breaks the layout step added to flattened text
    n_decision_labels INTEGER,  -- decision labels found (with or without text)
    n_proposal_labels INTEGER,  -- proposal labels found
    n_attendance_labels INTEGER -- attendance section labels found
);

CREATE OR REPLACE TABLE document_texts (
    doc_id VARCHAR PRIMARY KEY,
    text VARCHAR
);

CREATE OR REPLACE TABLE document_paths (
    source_path VARCHAR PRIMARY KEY,
    doc_id VARCHAR,
    status VARCHAR          -- parsed | duplicate | error
);

CREATE OR REPLACE TABLE ingest_errors (
    source_path VARCHAR PRIMARY KEY,
    stage VARCHAR,
    error_type VARCHAR,
    error VARCHAR
);

CREATE OR REPLACE TABLE cases (
    case_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    case_number VARCHAR NOT NULL,
    number_text VARCHAR,
    title VARCHAR,
    ordinal INTEGER,
    n_sub_items INTEGER,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER,
    heading_end INTEGER
);

CREATE OR REPLACE TABLE agenda_items (
    item_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    item_ordinal INTEGER,
    label VARCHAR,
    case_number VARCHAR,
    title VARCHAR,
    n_decisions INTEGER,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE case_sub_items (
    doc_id VARCHAR NOT NULL,
    case_number VARCHAR,
    label VARCHAR,
    title VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE decisions (
    decision_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    case_number VARCHAR,
    item_title VARCHAR,
    item_label VARCHAR,
    item_ordinal INTEGER,
    sub_item VARCHAR,
    decision_kind VARCHAR,   -- decision | proposal
    label VARCHAR,
    text VARCHAR,
    outcome VARCHAR,         -- approved | noted | recommended | elected | postponed | rejected | other
    ordinal INTEGER,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE case_references (
    reference_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    case_number VARCHAR NOT NULL,
    text VARCHAR,
    context VARCHAR,
    in_case VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

-- Every case-number token with the role the segmenter gave it (coverage report).
CREATE OR REPLACE TABLE case_number_mentions (
    mention_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    case_number VARCHAR,
    role VARCHAR,           -- heading | entry | reference | archive | lookalike | other
    text VARCHAR,
    reason VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

-- Text left out of block texts (page furniture) or out of the document (web chrome).
CREATE OR REPLACE TABLE dropped_spans (
    dropped_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    reason VARCHAR,
    n_chars INTEGER,
    text VARCHAR,           -- the first 500 characters of the span
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

-- The full-text index: the Norwegian stems of every searchable text (search_texts) and how
-- often each occurs, made per document in extract (pipeline/extract_search.py); the search
-- macros score BM25 over it (61_search_index.sql).
CREATE OR REPLACE TABLE search_terms (
    search_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    term VARCHAR NOT NULL,  -- a stem (Snowball Norwegian, the fts extension's stem())
    tf INTEGER NOT NULL     -- its number of occurrences in the text
);
