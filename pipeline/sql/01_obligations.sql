-- Obligations: agreements with their terms, and money amounts.

CREATE OR REPLACE TABLE agreements (
    agreement_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    section VARCHAR,
    item VARCHAR,
    counterparty VARCHAR,
    agreement_kind VARCHAR,
    start_text VARCHAR,
    start_date DATE,
    start_precision VARCHAR,
    end_text VARCHAR,
    end_date DATE,
    end_precision VARCHAR,
    notice_months INTEGER,
    notice_text VARCHAR,
    exit_regulated BOOLEAN,
    earliest_exit_text VARCHAR,
    earliest_exit_date DATE,
    resource_text VARCHAR,
    termination_text VARCHAR,
    notice_given_date DATE,
    exit_if_notice_given DATE,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER,
    proposal_page INTEGER,          -- the same agreement in the case's proposal, when the decision repeats it
    proposal_char_start INTEGER,
    proposal_char_end INTEGER
);

CREATE OR REPLACE TABLE amounts (
    amount_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    agreement_id VARCHAR,
    value_nok DOUBLE,
    per VARCHAR,
    year INTEGER,
    upper_bound BOOLEAN,
    text VARCHAR,
    page INTEGER,
    char_start INTEGER,
    char_end INTEGER,
    proposal_page INTEGER,          -- the same amount in the case's proposal, when the decision repeats it
    proposal_char_start INTEGER,
    proposal_char_end INTEGER
);
