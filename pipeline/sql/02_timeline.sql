-- Timeline: dated events per document, explicit links between cases, and the
-- rules (from params.yaml load.processes) that group cases into processes.

CREATE OR REPLACE TABLE timeline_events (
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    date DATE,                -- first day; NULL for an undated document's own meeting
    end_date DATE,            -- last day of a period; NULL for a single day
    precision VARCHAR,        -- day | month | season | year | range
    event_kind VARCHAR,       -- meeting | decision | plan_phase | plan_meeting | referenced_meeting | deadline
    body VARCHAR,             -- canonical body name
    label VARCHAR,
    phase VARCHAR,
    status VARCHAR,           -- as the document tells it: held | planned | due | unknown
    case_number VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE case_links (
    link_id VARCHAR PRIMARY KEY,
    from_doc VARCHAR NOT NULL,
    from_case VARCHAR,        -- case of from_doc the reference stands in (NULL outside any case)
    to_case VARCHAR NOT NULL,
    to_organization VARCHAR,
    to_body VARCHAR,
    relation VARCHAR,         -- decided_in | follows_up | treated_in | refers_to
    text VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE process_rules (
    process_id VARCHAR NOT NULL,
    process_name VARCHAR,
    organization VARCHAR,     -- NULL: cases of any organisation
    title_keyword VARCHAR NOT NULL
);
