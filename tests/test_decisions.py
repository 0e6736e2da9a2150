import pytest

from extractors.decisions import classify_outcome


@pytest.mark.parametrize("text, outcome", [
    ("Framlagt forslag til referat godkjennes.", "approved"),
    ("Framlagt forslag til referat tas til orientering.", "noted"),
    ("Rådmannsgruppen tar framlagt sak til orientering.", "noted"),
    ("Orienteringen som ble gitt i møtet – tas til orientering", "noted"),
    ("Rådmannsgruppen anbefaler styringsgruppen å godkjenne framlagt tertialrapport.", "recommended"),
    ("Astrid Sommerstad velges til rådmannsutvalgets leder for en periode på 1 år.", "elected"),
    ("Saken utsettes til neste møte.", "postponed"),
    ("Saka vert utsett til neste møte.", "postponed"),
    ("Søknaden avslås.", "rejected"),
    ("Rådmannsgruppen slutter seg til framlagt forslag til prosess.", "approved"),
    ("Møteboka vert godkjend.", "approved"),
    ("Sekretariatet sender en henvendelse i denne saken til kommunen.", "other"),
    # delegations and budget grants are adoptions
    ("Kommunedirektøren får fullmakt til å forhandle fram en ny avtale.", "approved"),
    ("Prosjektet gis en ramme på inntil kr 200 000.", "approved"),
    ("Utvalet vert tildelt ei økonomisk ramme på 2 mill. kroner.", "approved"),
    ("Utvalget tildeles en økonomisk ramme på 2 mill. kroner.", "approved"),
    ("Søknaden innvilges.", "approved"),
    ("Søknaden avslås, og klagen avvises.", "rejected"),
])
def test_classify_outcome(text, outcome):
    assert classify_outcome(text) == outcome
