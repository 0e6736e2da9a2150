"""motebok eval compares the database's finer attendee roles as the gold schema writes them
(roles member, chair, secretary, secretariat, other): deputy_chair as member, administration
as other; every other role as it is."""

from pipeline.evaluate import score_attendees


class FakeDatabase:
    def __init__(self, rows):
        self.extra = {"attendance": {"d1": rows}}

    def doc_for(self, source):
        return {"doc_id": "d1"}


def person(name, role):
    return {"name": name, "role": role, "status": "present", "affiliation": None, "deputy_for": None}


def test_finer_roles_are_compared_as_the_gold_writes_them():
    db = FakeDatabase([person("Kari Nordmann", "deputy_chair"), person("Ola Nordmann", "administration"),
                       person("Per Hansen", "administration"), person("Anne Berg", "secretary")])
    gold = [{"source": "x.txt", "attendees": [person("Kari Nordmann", "member"), person("Ola Nordmann", "other"),
                                              person("Per Hansen", "secretary"), person("Anne Berg", "secretary")]}]
    role = score_attendees(gold, db, 0.9)["attendees.role"]
    assert (role.correct, role.total) == (3, 4)
    assert [m[1:] for m in role.misses] == [("Per Hansen", "administration", "secretary")]


def test_gold_written_with_the_finer_roles_is_compared_in_the_same_terms():
    db = FakeDatabase([person("Kari Nordmann", "deputy_chair"), person("Ola Nordmann", "administration")])
    gold = [{"source": "x.txt", "attendees": [person("Kari Nordmann", "deputy_chair"),
                                              person("Ola Nordmann", "administration")]}]
    role = score_attendees(gold, db, 0.9)["attendees.role"]
    assert (role.correct, role.total) == (2, 2)
