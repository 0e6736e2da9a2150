-- The fts index over search_texts (60_search.sql; a PRAGMA is expanded when its file is
-- parsed, so it needs its table made by an earlier file) and the search macros.

PRAGMA create_fts_index('search_texts', 'search_id', 'text', stemmer = 'norwegian', stopwords = 'none',
                        ignore = '[^a-z0-9æøåäöüéèáà]+', strip_accents = 0, lower = 1, overwrite = 1);

-- search_all('budsjett'): every searchable text that matches, best first, with its document.
CREATE OR REPLACE MACRO search_all(query) AS TABLE
SELECT s.score, s.text_kind, d.organization, d.body, d.meeting_date, s.case_number, s.case_title, s.text,
       d.source_path, s.doc_id, s.search_id, s.page, s.char_start, s.char_end
FROM (SELECT *, fts_main_search_texts.match_bm25(search_id, query) AS score FROM search_texts) s
JOIN documents d USING (doc_id)
WHERE s.score IS NOT NULL
ORDER BY s.score DESC, s.search_id;

-- search_decisions('budsjett'): decisions and proposals that match, best first.
CREATE OR REPLACE MACRO search_decisions(query) AS TABLE
SELECT * FROM search_all(query) WHERE text_kind IN ('decision', 'proposal');
