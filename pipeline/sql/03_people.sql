-- People: attendance, one identity per person, votes.
-- `name` is always a name as written in the row's document; `person_name` the name of
-- the person identity (persons), in tables and views alike.

CREATE OR REPLACE TABLE attendance (
    attendance_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    person_id VARCHAR,
    name_order VARCHAR,
    affiliation VARCHAR,
    affiliation_norm VARCHAR,
    status VARCHAR,
    deputy_for VARCHAR,
    deputy_for_person_id VARCHAR,
    role VARCHAR,
    from_case VARCHAR,
    to_case VARCHAR,
    note VARCHAR,
    source VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE attendance_unread (
    unread_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    text VARCHAR,
    reason VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE persons (
    person_id VARCHAR PRIMARY KEY,
    person_name VARCHAR,
    variants VARCHAR[],
    n_documents INTEGER
);

CREATE OR REPLACE TABLE votes (
    vote_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    case_number VARCHAR,
    proposal VARCHAR,
    result VARCHAR,
    votes_for INTEGER,
    votes_against INTEGER,
    unanimous BOOLEAN,
    n_named INTEGER,
    text VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);

CREATE OR REPLACE TABLE vote_members (
    vote_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    case_number VARCHAR,
    name VARCHAR,
    person_id VARCHAR,
    choice VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER
);
