-- Full-text search with Norwegian stemming (DuckDB fts, loaded by pipeline/db.py on every
-- connection). One table holds every searchable text: case titles, decision and proposal
-- texts, and each document's whole text; the fts index over it stems with the Snowball
-- Norwegian stemmer ("budsjettene" finds "budsjett"), keeps æ, ø, å in words, and drops no
-- stopwords (BM25 weighs common words down by itself).

CREATE OR REPLACE TABLE search_texts AS
WITH case_titles AS (
    SELECT 'case:' || case_id AS search_id, doc_id, 'case_title' AS text_kind, case_number, title AS case_title,
           title AS text, page, char_start, heading_end AS char_end
    FROM cases WHERE title IS NOT NULL
),
decision_texts AS (
    SELECT 'decision:' || decision_id, doc_id, decision_kind, case_number, item_title, text, page, char_start, char_end
    FROM decisions WHERE text IS NOT NULL AND text <> ''
),
document_text AS (
    SELECT 'document:' || doc_id, doc_id, 'document', NULL, NULL, text, 1, 0, length(text)
    FROM document_texts
)
SELECT * FROM case_titles
UNION ALL SELECT * FROM decision_texts
UNION ALL SELECT * FROM document_text
ORDER BY search_id;
