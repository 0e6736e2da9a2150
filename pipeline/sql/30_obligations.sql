-- Every agreement with its notice, end date and the earliest exit if notice were
-- given on extract.exit_notice_date (default: the document's meeting date),
-- sorted by how long the alliance stays bound.
CREATE OR REPLACE VIEW v_agreement_exit_terms AS
WITH terms AS (
    SELECT a.*, d.organization, d.body, d.meeting_date, d.source_path
    FROM agreements a JOIN documents d USING (doc_id)
),
money AS (
    SELECT agreement_id, sum(value_nok) AS amounts_nok, string_agg(text, '; ' ORDER BY char_start) AS amounts_text
    FROM amounts WHERE agreement_id IS NOT NULL GROUP BY agreement_id
),
bound AS (
    SELECT t.*, m.amounts_nok, m.amounts_text,
           CASE
               WHEN t.exit_regulated = false THEN 'not regulated'
               WHEN t.notice_months = 0 THEN 'immediate'
               WHEN t.notice_months = 1 THEN '1 month notice'
               WHEN t.notice_months IS NOT NULL THEN t.notice_months || ' months notice'
               WHEN t.termination_text IS NOT NULL THEN 'see termination text'
               ELSE 'no term stated'
           END AS exit_terms,
           -- bound until: the exit the notice gives, else the agreed end date
           coalesce(t.exit_if_notice_given, t.end_date) AS bound_until
    FROM terms t LEFT JOIN money m USING (agreement_id)
)
SELECT organization, section, item, counterparty, agreement_kind, start_text, end_text, end_date,
       notice_months, exit_regulated, exit_terms, notice_given_date, exit_if_notice_given,
       earliest_exit_date, bound_until, termination_text, amounts_nok, amounts_text,
       source_path, doc_id, agreement_id, page, char_start, char_end
FROM bound
ORDER BY bound_until DESC NULLS LAST, notice_months DESC NULLS LAST, char_start;
