from build_tools.yaml_strict import load_text


def load(text):
    loaded, errors = load_text(text, "f.yaml")
    return (loaded.data if loaded else None), [str(e) for e in errors]


def test_yaml_11_traps_stay_strings():
    data, errors = load("langue: no\nactif: on\ncode: 0123\ndate: 2025-11-19\nnon: off\n")
    assert errors == []
    assert data == {"langue": "no", "actif": "on", "code": "0123", "date": "2025-11-19", "non": "off"}


def test_plain_scalars_that_are_typed():
    data, _ = load("a: true\nb: false\nc: 12\nd: -3\ne: 12.5\nf: null\ng: ~\nh:\ni: '12'\n")
    assert data == {"a": True, "b": False, "c": 12, "d": -3, "e": 12.5, "f": None, "g": None, "h": None, "i": "12"}


def test_duplicate_keys_are_errors_with_both_lines():
    _, errors = load("a: 1\nb: 2\na: 3\n")
    assert errors == ["f.yaml:3:1: clé « a » en double (déjà définie ligne 1)"]


def test_nested_duplicates_are_all_reported():
    _, errors = load("x:\n  a: 1\n  a: 2\ny:\n  - b: 1\n    b: 1\n")
    assert errors == [
        "f.yaml:3:3: clé « a » en double (déjà définie ligne 2)",
        "f.yaml:6:5: clé « b » en double (déjà définie ligne 5)",
    ]


def test_tags_and_merge_keys_are_refused():
    _, errors = load("a: !!python/name:os.system x\n")
    assert errors == ["f.yaml:1:4: balise YAML « tag:yaml.org,2002:python/name:os.system » non autorisée"]
    _, errors = load("base: &b {x: 1}\nautre:\n  <<: *b\n")
    assert errors == ["f.yaml:3:3: la fusion YAML « << » n'est pas autorisée"]


def test_syntax_error_has_a_position():
    _, errors = load("a: [1, 2\nb: 3\n")
    assert len(errors) == 1 and errors[0].startswith("f.yaml:")
    assert "syntaxe YAML invalide" in errors[0]


def test_positions_point_at_keys_and_items():
    loaded, _ = load_text("a:\n  - id: x\n  - id: y\n", "f.yaml")
    assert loaded.position(("a", 1, "id")) == (3, 5)
    assert loaded.position(("a", 1, "absent")) == (3, 5)
