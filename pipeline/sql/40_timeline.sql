-- Case threads, processes and timelines.
--
-- A case number is unique only within one organisation's body, so a case is
-- identified by (organization, body, case_number) everywhere below. Bodies are
-- compared in their canonical form (extractors/rules/timeline.yaml body_synonyms),
-- which the document's own meeting event carries.

-- Every document with its organisation and canonical body.
CREATE OR REPLACE VIEW staging.document_keys AS
WITH own_meeting_body AS (
    SELECT doc_id, min(body) AS body FROM main.timeline_events WHERE event_kind = 'meeting' GROUP BY doc_id
)
SELECT d.doc_id, d.organization, coalesce(m.body, d.body) AS body, d.meeting_date, d.doc_kind, d.source_path
FROM main.documents d LEFT JOIN own_meeting_body m USING (doc_id);

-- Every treated case with its identity and text span.
CREATE OR REPLACE VIEW staging.case_keys AS
SELECT k.organization, k.body, c.case_number, c.title, k.meeting_date, k.source_path,
       c.doc_id, c.page, c.char_start, c.char_end
FROM main.cases c JOIN staging.document_keys k USING (doc_id);

-- case_links with both ends as case identities (links outside any case have no from-end).
CREATE OR REPLACE VIEW staging.case_edges AS
SELECT k.organization AS from_organization, k.body AS from_body, l.from_case,
       l.to_organization, l.to_body, l.to_case, l.relation, l.link_id, l.from_doc
FROM main.case_links l JOIN staging.document_keys k ON k.doc_id = l.from_doc
WHERE l.from_case IS NOT NULL;

-- Cases of each process: those whose title holds one of the process's keywords
-- (process_rules, from params.yaml load.processes), then every case linked to a
-- member in either direction, transitively.
CREATE OR REPLACE VIEW v_process_cases AS
WITH RECURSIVE title_matches AS (
    SELECT DISTINCT r.process_id, t.organization, t.body, t.case_number
    FROM process_rules r
    JOIN staging.case_keys t
      ON (r.organization IS NULL OR t.organization = r.organization)
     AND contains(lower(t.title), lower(r.title_keyword))
),
undirected_edges AS (
    -- a reference ties both cases to the same process, whichever of them is the member
    SELECT from_organization AS a_org, from_body AS a_body, from_case AS a_case,
           to_organization AS b_org, to_body AS b_body, to_case AS b_case
    FROM staging.case_edges
    UNION
    SELECT to_organization, to_body, to_case, from_organization, from_body, from_case
    FROM staging.case_edges
),
members (process_id, organization, body, case_number) AS (
    SELECT process_id, organization, body, case_number FROM title_matches
    UNION  -- UNION (not ALL) stops at cycles
    SELECT m.process_id, e.b_org, e.b_body, e.b_case
    FROM members m
    JOIN undirected_edges e
      ON e.a_case = m.case_number
     AND e.a_org IS NOT DISTINCT FROM m.organization
     AND e.a_body IS NOT DISTINCT FROM m.body
),
with_reason AS (
    SELECT m.*, CASE WHEN t.process_id IS NULL THEN 'link' ELSE 'title' END AS joined_by
    FROM members m
    LEFT JOIN title_matches t
      ON t.process_id = m.process_id AND t.case_number = m.case_number
     AND t.organization IS NOT DISTINCT FROM m.organization AND t.body IS NOT DISTINCT FROM m.body
)
SELECT process_id, organization, body, case_number, joined_by
FROM with_reason
ORDER BY process_id, organization, body, case_number;

-- Text spans of process cases in the documents that treat them.
CREATE OR REPLACE VIEW staging.process_case_spans AS
SELECT p.process_id, p.joined_by, c.*
FROM main.v_process_cases p
JOIN staging.case_keys c
  ON c.case_number = p.case_number
 AND c.organization IS NOT DISTINCT FROM p.organization
 AND c.body IS NOT DISTINCT FROM p.body;

-- One row per process: its rule, its cases and the documents that treat them.
CREATE OR REPLACE VIEW v_processes AS
WITH rules AS (
    SELECT process_id, min(process_name) AS process_name, min(organization) AS organization,
           list(title_keyword ORDER BY title_keyword) AS title_keywords
    FROM process_rules GROUP BY process_id
),
case_counts AS (
    SELECT process_id, count(*) AS n_cases, count(*) FILTER (WHERE joined_by = 'link') AS n_linked_cases
    FROM v_process_cases GROUP BY process_id
),
document_counts AS (
    SELECT process_id, count(DISTINCT doc_id) AS n_documents,
           min(meeting_date) AS first_meeting, max(meeting_date) AS last_meeting
    FROM staging.process_case_spans GROUP BY process_id
)
SELECT r.process_id, r.process_name, r.organization, r.title_keywords,
       coalesce(c.n_cases, 0) AS n_cases, coalesce(c.n_linked_cases, 0) AS n_linked_cases,
       coalesce(d.n_documents, 0) AS n_documents, d.first_meeting, d.last_meeting
FROM rules r
LEFT JOIN case_counts c USING (process_id)
LEFT JOIN document_counts d USING (process_id)
ORDER BY r.process_id;

-- Each case across documents in date order: where it is treated, decided, referred to
-- by another case, and which cases it refers to; with the processes it belongs to.
CREATE OR REPLACE VIEW v_case_thread AS
WITH treated AS (
    SELECT organization, body, case_number, meeting_date AS date, 'treated' AS role,
           NULL AS relation, NULL AS other_body, NULL AS other_case, title AS detail,
           source_path, doc_id, page, char_start
    FROM staging.case_keys
),
decided AS (
    SELECT k.organization, k.body, d.case_number, k.meeting_date, 'decided', d.outcome, NULL, NULL,
           d.text, k.source_path, d.doc_id, d.page, d.char_start
    FROM decisions d JOIN staging.document_keys k USING (doc_id)
    WHERE d.decision_kind = 'decision' AND d.case_number IS NOT NULL
),
referenced_by AS (
    -- another document's case names this one
    SELECT l.to_organization, l.to_body, l.to_case, k.meeting_date, 'referenced', l.relation, k.body, l.from_case,
           l.text, k.source_path, l.from_doc, l.page, l.char_start
    FROM case_links l JOIN staging.document_keys k ON k.doc_id = l.from_doc
),
refers_to AS (
    -- this case names another
    SELECT e.from_organization, e.from_body, e.from_case, k.meeting_date, 'refers', e.relation, e.to_body, e.to_case,
           l.text, k.source_path, e.from_doc, l.page, l.char_start
    FROM staging.case_edges e
    JOIN case_links l USING (link_id)
    JOIN staging.document_keys k ON k.doc_id = e.from_doc
),
thread AS (
    SELECT * FROM treated
    UNION ALL SELECT * FROM decided
    UNION ALL SELECT * FROM referenced_by
    UNION ALL SELECT * FROM refers_to
),
memberships AS (
    SELECT organization, body, case_number, string_agg(process_id, ', ' ORDER BY process_id) AS processes
    FROM v_process_cases GROUP BY ALL
)
SELECT m.processes, t.*
FROM thread t
LEFT JOIN memberships m
  ON m.case_number = t.case_number
 AND m.organization IS NOT DISTINCT FROM t.organization
 AND m.body IS NOT DISTINCT FROM t.body
ORDER BY t.organization NULLS LAST, t.body NULLS LAST, t.case_number, t.date NULLS LAST, t.source_path, t.char_start;

-- How each process unfolded: its planned phases and meetings with what became of
-- them, the meetings its documents belong to, its decisions and the meetings its
-- texts refer to. status:
--   held      a planned meeting that a document of the same organisation, body and
--             date belongs to (minutes, case papers); a decision taken at a meeting
--   reported  a planned or referred-to meeting without its own document, that a
--             later document says took place ("besluttet i møte 15.06.2017")
--   planned   a plan phase, or a planned meeting with nothing to show it took place
--   unplanned a process document's own meeting that no plan row foresaw
--   undated   a process document (or its decision) without a date: it is kept, with
--             NULL date, sorted last, its case in case_number
-- sources lists the documents behind the status.
CREATE OR REPLACE VIEW v_process_timeline AS
WITH events AS (
    SELECT e.*, k.organization, k.source_path
    FROM timeline_events e JOIN staging.document_keys k USING (doc_id)
),
in_process_text AS (
    -- events that stand in the text of one of the process's cases
    SELECT DISTINCT s.process_id, e.*
    FROM events e
    JOIN staging.process_case_spans s
      ON e.doc_id = s.doc_id AND e.char_start >= s.char_start AND e.char_start < s.char_end
    WHERE e.event_kind <> 'meeting'
),
own_meetings AS (
    -- the meetings the process's documents belong to
    SELECT DISTINCT s.process_id, e.*
    FROM events e JOIN staging.process_case_spans s USING (doc_id)
    WHERE e.event_kind = 'meeting'
),
held_meetings AS (
    -- every meeting of any organisation that has its own document
    SELECT organization, body, date, list(DISTINCT source_path ORDER BY source_path) AS sources
    FROM events
    WHERE event_kind = 'meeting' AND status = 'held' AND date IS NOT NULL
    GROUP BY ALL
),
reported_meetings AS (
    -- meetings a document refers to as past
    SELECT organization, body, date, list(DISTINCT source_path ORDER BY source_path) AS sources
    FROM events
    WHERE event_kind = 'referenced_meeting' AND status IN ('held', 'unknown') AND body IS NOT NULL
    GROUP BY ALL
),
plan_rows AS (
    SELECT * FROM in_process_text WHERE event_kind IN ('plan_phase', 'plan_meeting', 'deadline')
),
plan_outcomes AS (
    SELECT p.*,
           CASE WHEN p.event_kind <> 'plan_meeting' THEN 'planned'
                WHEN h.sources IS NOT NULL THEN 'held'
                WHEN r.sources IS NOT NULL THEN 'reported'
                ELSE 'planned' END AS process_status,
           CASE WHEN p.event_kind = 'plan_meeting' THEN coalesce(h.sources, r.sources) END AS sources
    FROM plan_rows p
    LEFT JOIN held_meetings h ON h.organization = p.organization AND h.body = p.body AND h.date = p.date
    LEFT JOIN reported_meetings r ON r.organization = p.organization AND r.body = p.body AND r.date = p.date
),
unplanned_meetings AS (
    SELECT o.*, CASE WHEN o.date IS NULL THEN 'undated' ELSE 'unplanned' END AS process_status,
           [o.source_path] AS sources
    FROM own_meetings o
    WHERE NOT EXISTS (
        SELECT 1 FROM plan_rows p
        WHERE p.process_id = o.process_id AND p.event_kind = 'plan_meeting' AND p.body = o.body AND p.date = o.date
    )
),
decisions_taken AS (
    SELECT d.*, CASE WHEN d.date IS NULL THEN 'undated' ELSE 'held' END AS process_status,
           [d.source_path] AS sources
    FROM in_process_text d
    WHERE d.event_kind = 'decision'
),
referred_meetings AS (
    -- meetings of a named body the process's texts refer to: shown when they name a case of
    -- the process ("besluttet i møte 15.06.2017, sak 06/2017"), else only when no plan row or
    -- own meeting covers them; one row per meeting and case, with every document that mentions it
    SELECT r.*,
           CASE WHEN r.status = 'planned' THEN 'planned' ELSE 'reported' END AS process_status,
           list(r.source_path) OVER same_meeting AS sources,
           row_number() OVER same_meeting AS nth
    FROM in_process_text r
    WHERE r.event_kind = 'referenced_meeting' AND r.body IS NOT NULL
      AND (EXISTS (SELECT 1 FROM v_process_cases c WHERE c.process_id = r.process_id AND c.case_number = r.case_number
                                                   AND c.organization = r.organization AND c.body = r.body)
           OR (NOT EXISTS (SELECT 1 FROM plan_rows p WHERE p.process_id = r.process_id AND p.event_kind = 'plan_meeting'
                                                       AND p.body = r.body AND p.date = r.date)
               AND NOT EXISTS (SELECT 1 FROM own_meetings o WHERE o.process_id = r.process_id
                                                              AND o.body = r.body AND o.date = r.date)))
    WINDOW same_meeting AS (PARTITION BY r.process_id, r.body, r.date, r.case_number
                            ORDER BY r.source_path, r.char_start
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
timeline AS (
    SELECT process_id, date, end_date, precision, event_kind, body, label, phase, process_status AS status,
           case_number, sources, source_path, doc_id, page, char_start, char_end
    FROM plan_outcomes
    UNION ALL
    SELECT process_id, date, end_date, precision, event_kind, body, label, phase, process_status,
           case_number, sources, source_path, doc_id, page, char_start, char_end
    FROM unplanned_meetings
    UNION ALL
    SELECT process_id, date, end_date, precision, event_kind, body, label, phase, process_status,
           case_number, sources, source_path, doc_id, page, char_start, char_end
    FROM decisions_taken
    UNION ALL
    SELECT process_id, date, end_date, precision, event_kind, body, label, phase, process_status,
           case_number, sources, source_path, doc_id, page, char_start, char_end
    FROM referred_meetings WHERE nth = 1
),
ordered AS (
    SELECT row_number() OVER (
               PARTITION BY process_id
               ORDER BY date NULLS LAST,
                        list_position(['plan_phase', 'plan_meeting', 'meeting', 'referenced_meeting',
                                       'decision', 'deadline'], event_kind),
                        source_path, char_start) AS seq,
           *
    FROM timeline
)
SELECT * FROM ordered ORDER BY process_id, seq;

-- The client's question: how the Vestregionen future process unfolded (process
-- id from params.yaml load.processes).
CREATE OR REPLACE VIEW v_future_process_timeline AS
SELECT * EXCLUDE (process_id)
FROM v_process_timeline
WHERE process_id = 'vestregionen-framtid'
ORDER BY seq;
