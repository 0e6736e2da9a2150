"""Vote records: outcome, counts, unanimity, proposal and named votes."""

from __future__ import annotations

import pytest

from extractors.votes import extract_votes

FIELDS = ("proposal", "result", "votes_for", "votes_against", "unanimous")

CASES = {
    "counted approval": (
        "Forslaget ble vedtatt med 30 mot 5 stemmer.", ("Forslaget", "approved", 30, 5, False)),
    "unanimous approval": ("Enstemmig vedtatt.", (None, "approved", None, 0, True)),
    "against only: for stays unknown": (
        "Innstillingen vedtatt mot 3 stemmer (FrP).", ("Innstillingen", "approved", None, 3, False)),
    "named proposal, unanimous": (
        "Kommunedirektørens forslag ble enstemmig vedtatt.", ("Kommunedirektørens forslag", "approved", None, 0, True)),
    "counted, no subject": ("Vedtatt med 25 mot 10 stemmer.", (None, "approved", 25, 10, False)),
    "nynorsk unanimous": ("Samrøystes vedteke.", (None, "approved", None, 0, True)),
    "nynorsk counted": ("Framlegget vart vedteke med 20 mot 7 røyster.", ("Framlegget", "approved", 20, 7, False)),
    "rejected with counts": (
        "Forslaget fra Ap falt med 10 mot 25 stemmer.", ("Forslaget fra Ap", "rejected", 10, 25, False)),
    "received votes and fell": (
        "Forslaget fra SV fikk 4 stemmer og falt.", ("Forslaget fra SV", "rejected", 4, None, False)),
    "nynorsk fall": ("Tilleggsframlegget fall med 3 mot 14 røyster.", ("Tilleggsframlegget", "rejected", 3, 14, False)),
    "number words": ("Rådmannens innstilling ble vedtatt mot to stemmer.", ("Rådmannens innstilling", "approved", None, 2, False)),
    "for then against": (
        "Formannskapets innstilling fikk 12 stemmer for og 3 stemmer mot og ble vedtatt.",
        ("Formannskapets innstilling", "approved", 12, 3, False)),
    "not adopted is a rejection": ("Endringsforslaget ble ikke vedtatt.", ("Endringsforslaget", "rejected", None, None, None)),
    "unanimous rejection": ("Forslaget ble enstemmig avvist.", ("Forslaget", "rejected", 0, None, True)),
    "lead-in label": ("Votering: Innstillingen ble vedtatt med 27 mot 0 stemmer", ("Innstillingen", "approved", 27, 0, True)),
    "plain approval under a voting label": ("Votering\nVedtatt.", (None, "approved", None, None, None)),
    "unanimous approval of the minutes": (
        "Protokollen ble enstemmig godkjent.", (None, "approved", None, 0, True)),
    "unanimity without an outcome word": ("Votering: Enstemmig.", (None, None, None, None, True)),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_vote_forms(text, expected):
    [vote] = extract_votes(text)
    assert tuple(getattr(vote, f) for f in FIELDS) == expected
    assert text[vote.char_start:vote.char_end] == vote.text


def test_named_vote_lists_attach_to_the_sentence():
    text = ("Votering:\nInnstillingen ble vedtatt med 3 mot 2 stemmer.\n"
            "For: Ola Hansen (Ap), Kari Olsen (Sp) og Per Persen (H)\nMot: Anne Berg (FrP), Lars Lie (FrP)\n")
    [vote] = extract_votes(text)
    assert (vote.result, vote.votes_for, vote.votes_against) == ("approved", 3, 2)
    assert vote.members == [("Ola Hansen", "for"), ("Kari Olsen", "for"), ("Per Persen", "for"),
                            ("Anne Berg", "against"), ("Lars Lie", "against")]
    assert vote.text.startswith("Innstillingen") and vote.text.endswith("Lars Lie (FrP)")


def test_following_stemte_lists_before_the_outcome():
    text = ("Følgende stemte for: Ola Hansen, Kari Olsen\nFølgende stemte mot: Per Persen\n"
            "Forslaget ble vedtatt.\n")
    [vote] = extract_votes(text)
    assert vote.result == "approved" and vote.proposal == "Forslaget"
    assert (vote.votes_for, vote.votes_against) == (2, 1)
    assert vote.members == [("Ola Hansen", "for"), ("Kari Olsen", "for"), ("Per Persen", "against")]


def test_named_lists_alone_have_no_invented_result():
    [vote] = extract_votes("For: Ola Hansen, Kari Olsen\nMot: Per Persen\n")
    assert vote.result is None and vote.unanimous is None
    assert (vote.votes_for, vote.votes_against) == (2, 1)


def test_numeric_named_lists():
    [vote] = extract_votes("Forslaget ble vedtatt.\nFor: 20 stemmer (Ap, Sp)\nMot: 7 stemmer (H)\n")
    assert (vote.votes_for, vote.votes_against, vote.members) == (20, 7, [])


def test_voters_fill_the_missing_side():
    [vote] = extract_votes("Innstillingen vedtatt mot 3 stemmer.", voters=27)
    assert (vote.votes_for, vote.votes_against) == (24, 3)


def test_several_votes_in_order():
    text = ("Sak 12/2024 Budsjett\nForslaget fra H falt med 8 mot 19 stemmer. "
            "Rådmannens innstilling ble vedtatt med 19 mot 8 stemmer.\n\nSak 13/2024 Eventuelt\nEnstemmig vedtatt.\n")
    votes = extract_votes(text)
    assert [(v.proposal, v.result, v.votes_for, v.votes_against) for v in votes] == [
        ("Forslaget fra H", "rejected", 8, 19), ("Rådmannens innstilling", "approved", 19, 8), (None, "approved", None, 0)]


@pytest.mark.parametrize("text", [
    "Planen ble vedtatt i kommunestyret i 2019 og gjelder fram til 2030.",
    "I så fall må saken opp igjen.",
    "Det ble vedtatt at administrasjonen skal utrede saken.",
    "Kommunestyret vedtok budsjett for 2024 i desember.",
    "Saken ble diskutert. Styret vil komme tilbake til saken.",
    "Godkjent.",
])
def test_prose_is_no_vote(text):
    assert extract_votes(text) == []


def test_lone_outcome_word_in_a_table_is_no_vote():
    # regression: election protocols list "Forkastet" (rejected ballots) as a table row
    text = "C3.1 Stemmegivning i særskilt omslag\n\nGodkjente\n\nForkastet\nTotal antall stemmegivninger\n"
    assert extract_votes(text) == []


def test_lone_outcome_word_under_a_voting_label_is_a_vote():
    (vote,) = extract_votes("Votering\nVedtatt.\n")
    assert vote.result == "approved"


@pytest.mark.parametrize("text, expected", [
    ("Voteringsresultat: 13 stemmer for, 6 mot", (None, 13, 6)),
    ("Voteringsresultat for tilrådinga: 4 for, 1 mot", (None, 4, 1)),
])
def test_counts_without_outcome_under_a_voting_label(text, expected):
    (vote,) = extract_votes(text)
    assert (vote.result, vote.votes_for, vote.votes_against) == expected


def test_wrapped_named_lists_and_the_count_line_they_belong_to():
    text = ("Utsettelsesforslaget falt med 6 mot 13 stemmer.\nVoteringsresultat: 5 stemmer for, 3 mot\n"
            "For: Svein Borkamo (Sp), Hanne Sæther (Ap),\nMarit Sørlie (Sp), Ole Lunde (Sp), Berit Hegstad (Sp)\n"
            "Mot: Arne Solem (H), Per Brekke (H),\nKari Dahl (SV)\n\nVedtak:\nGodkjent.\n")
    postponement, main_vote = extract_votes(text)
    assert (postponement.result, postponement.members) == ("rejected", [])
    assert (main_vote.votes_for, main_vote.votes_against) == (5, 3)
    assert [c for _, c in main_vote.members].count("for") == 5
    assert [n for n, c in main_vote.members if c == "against"] == ["Arne Solem", "Per Brekke", "Kari Dahl"]


def test_named_lists_with_a_count_in_the_label_and_name_spans():
    text = ("Kommunedirektørens forslag ble vedtatt med 3 mot 2 stemmer.\n"
            "For forslaget stemte 3: Anne Grete Krogstad (AP), Astrid Vordal (AP), Per Olav Li (SP)\n"
            "Mot stemte 2: Kari Hansen (H), Ola Berg (FrP)\n")
    [vote] = extract_votes(text)
    assert (vote.result, vote.votes_for, vote.votes_against) == ("approved", 3, 2)
    assert [n for n, c in vote.members if c == "against"] == ["Kari Hansen", "Ola Berg"]
    assert [text[a:b] for a, b in vote.member_spans] == [n for n, _ in vote.members]


def test_voters_are_attendees_where_the_document_has_no_list(tmp_path):
    """An Elements saksprotokoll has no attendance list: the named voters were there (source vote)."""
    import duckdb

    from pipeline.cli import main
    from .conftest import ROOT

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "saksprotokoll.txt").write_text(
        "Saksprotokoll i Kommunestyret 12.03.2024 - sak 12/24\n\nBehandling:\n"
        "Innstillingen ble vedtatt med 3 mot 1 stemmer.\n"
        "For forslaget stemte 3: Anne Grete Krogstad (AP), Astrid Vordal (AP), Per Olav Li (SP)\n"
        "Mot stemte 1: Kari Hansen (H)\n", encoding="utf-8")
    db = tmp_path / "db.duckdb"
    assert main(["--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(db),
                 "--work", str(tmp_path / "parsed")]) == 0
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT name, status, source FROM attendance ORDER BY char_start").fetchall()
    assert rows == [("Anne Grete Krogstad", "present", "vote"), ("Astrid Vordal", "present", "vote"),
                    ("Per Olav Li", "present", "vote"), ("Kari Hansen", "present", "vote")]
    members = con.execute("SELECT name, choice, char_start IS NOT NULL FROM vote_members").fetchall()
    assert ("Kari Hansen", "against", True) in members
    rate = con.execute("SELECT count(*) FROM v_attendance_rate WHERE level = 'person'").fetchone()[0]
    assert rate == 4
