"""Regexes rewritten to run in linear time give the same answers as the patterns they replace
(checked on random short strings against the old patterns), and every extractor and the
segmenter finish on long single lines built to trigger backtracking.  Times are measured by
bench/long_lines.py and bench/regex_audit.py, never asserted here."""

import random
import re

import pytest

OLD_TRAILING = re.compile(r"(?:\s|\*\*|__|</b>|</strong>|\|)+$")
OLD_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
OLD_DEPUTY = re.compile(r"\s+(?:møtte\s+|vara\s+)?for\s+")


def random_strings(alphabet: list[str], n: int = 4000, seed: int = 7):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))


def test_trailing_markup_matches_the_old_pattern():
    from extractors.lines import _strip_trailing

    for text in random_strings(["a", " ", "\t", "*", "**", "_", "__", "</b>", "</strong>", "|", "<", "b", ">", "/"]):
        old = OLD_TRAILING.search(text)
        assert (old.start() if old else len(text)) == len(_strip_trailing(text)), text


def test_markdown_heading_text_matches_the_old_pattern():
    from extractors.agreements import MARKDOWN_HEADING, heading_text

    for text in random_strings(["#", "##", " ", "\t", "a", "b c", "*"]):
        old, new = OLD_MARKDOWN_HEADING.match(text), MARKDOWN_HEADING.match(text)
        assert (old is None) == (new is None), text
        if old:
            assert heading_text(new["text"]) == old["text"], text


OLD_SUBJECT_END = re.compile(r"\s+(?:ble|vart|blei|er|vert|blir)\b|\s+(?:enstemmig|einstemmig|samrøystes|enstemt)\b"
                             r"|\s+(?:fikk|fekk)\b|\s*$")


def test_vote_subject_end_matches_the_old_pattern():
    # the old pattern retried "\s+" at every space of a run: 71x the time for 5x a line of spaces
    from extractors.votes import rules

    new = rules().subject_end
    for text in random_strings(["Forslaget", " ", "  ", "\t", "ble", "vart", "fikk", "enstemmig", "a", "x."]):
        old_match, new_match = OLD_SUBJECT_END.search(text), new.search(text)
        assert (old_match.start() if old_match else None) == (new_match.start() if new_match else None), text


def test_deputy_split_point_matches_the_old_pattern():
    new = re.compile(r"(?<!\s)\s+(?:møtte\s+|vara\s+)?for\s+")
    for text in random_strings(["Ola", " ", "  ", "for", "møtte", "vara", "\t", "x"]):
        old_m, new_m = OLD_DEPUTY.search(text), new.search(text)
        assert (old_m and old_m.span()) == (new_m and new_m.span()), text


def long_lines(size: int = 200_000) -> dict[str, str]:
    words = ("Sak 24/2017 Vedtak: Kari Nordmann (AP) møtte for Ola Hansen (H), avtale med Asker kommune "
             "om IKT med 6 måneders oppsigelse fra 12. mars 2018, kr 1 500 000, 7 mot 2 stemmer. ")
    rng = random.Random(11)
    spaced = []
    n = 0
    for word in (words * (size // len(words) + 1)).split():
        part = word + " " * rng.choice([1, 1, 2, 40, 3000])
        spaced.append(part)
        n += len(part)
        if n >= size:
            break
    return {"repeated": (words * (size // len(words) + 1))[:size], "spaces": "".join(spaced),
            "heading": "# " + "Sak " + " " * size + "x", "hashes": "## Avtaler " + "# " * (size // 2) + "x"}


@pytest.mark.parametrize("kind", ["repeated", "spaces", "heading", "hashes"])
def test_every_stage_finishes_on_a_long_single_line(kind):
    from pipeline.extract import extract_document
    from pipeline.ingest import join_pages
    from pipeline.records import ParsedDocument
    from pipeline.segment import segment_document
    from pipeline.settings import ExtractSettings, SegmentSettings

    text, pages = join_pages([long_lines()[kind]])
    doc = ParsedDocument("long", "long.txt", [], "txt", "utf-8", len(text), text, pages)
    seg = segment_document(doc, SegmentSettings())
    tables = extract_document(doc, seg, ExtractSettings())
    assert tables["documents"][0]["n_chars"] == len(text)


def test_longest_non_overlapping_matches_the_quadratic_version():
    from extractors.dates import _Atom, _longest_non_overlapping

    def old(atoms):
        chosen = []
        for atom in sorted(atoms, key=lambda a: (a.start - a.end, a.start)):
            if all(atom.end <= other.start or atom.start >= other.end for other in chosen):
                chosen.append(atom)
        return sorted(chosen, key=lambda a: a.start)

    rng = random.Random(3)
    for _ in range(2000):
        atoms = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 40)
            atoms.append(_Atom(start, start, start + rng.randint(1, 12), "day", None, None))
        assert _longest_non_overlapping(atoms) == old(atoms)
