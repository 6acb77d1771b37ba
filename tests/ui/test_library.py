"""The library: searchable by name, code or body region, opens the detail."""

from __future__ import annotations


def test_library_search_and_open(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    library = window.show_library()
    assert library.list.count() >= 23 + 30 + 20
    library.search.setText("BL23")
    assert library.visible_ids() == ["BL23"]
    library.search.setText("heel")  # a body region: muscles referring there, points used there
    ids = library.visible_ids()
    assert "soleus" in ids and "BL60" in ids
    library.search.setText("figure-4")
    assert library.visible_ids() == ["piriformis_stretch"]
    opened: list[tuple[str, str, str]] = []
    library.item_chosen.connect(lambda *args: opened.append(args))
    library.search.setText("piriformis")
    first = next(
        library.list.item(r)
        for r in range(library.list.count())
        if not library.list.item(r).isHidden()
    )
    library.list.itemActivated.emit(first)
    assert opened and opened[0][1] in ("piriformis", "piriformis_stretch")
    library.close()


def test_a_region_finds_the_exercises_for_the_muscles_there() -> None:
    from app.domain.regions import default_catalog
    from app.store.knowledge_db import open_knowledge
    from app.ui.library import library_entries

    kb = open_knowledge()
    entries = library_entries(kb, default_catalog())
    found = {
        item
        for kind, item, _shown, words in entries
        if kind == "exercise" and "buttock" in words.lower()
    }
    # Every exercise working a muscle that lies in the buttock is found by "buttock".
    expected = {
        e.id
        for e in kb.exercises.values()
        if any(r.startswith("buttock") for m in e.targets for r in kb.muscles[m].lies_in)
    }
    assert expected and found == expected


def test_show_only_one_kind_with_the_search(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    library = window.show_library()
    kb = window.knowledge
    library.kind_box.setCurrentIndex(library.kind_box.findData("exercise"))
    assert sorted(library.visible_ids()) == sorted(kb.exercises)
    library.search.setText("buttock")
    shown = library.visible_ids()
    assert shown and set(shown) <= set(kb.exercises)
    library.kind_box.setCurrentIndex(library.kind_box.findData("acupoint"))
    assert set(library.visible_ids()) <= set(kb.acupoints) and "GB30" in library.visible_ids()
    library.kind_box.setCurrentIndex(0)  # everything again
    assert {"piriformis", "GB30", "piriformis_stretch"} <= set(library.visible_ids())
    library.close()


def test_issue_12_items_are_in_the_library_with_their_pictures(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The new muscles and points are listed, found by their regions, and each opens a detail
    whose illustration draws its marks."""
    from app.domain.regions import default_catalog
    from app.store.knowledge_db import open_knowledge
    from app.ui.detail_view import DetailDialog
    from app.ui.library import LibraryDialog

    kb, catalog = open_knowledge(), default_catalog()
    library = LibraryDialog(kb, catalog)
    qtbot.addWidget(library)
    library.search.setText("tailbone")
    found = set(library.visible_ids())
    assert {"levator_ani", "coccygeus", "obturator_internus", "GV1", "GV2"} <= found
    library.search.setText("instep")
    assert "gastrocnemius" in library.visible_ids()
    new = [
        ("trigger_point", m, "both")
        for m in (
            "levator_ani",
            "coccygeus",
            "obturator_internus",
            "long_toe_extensors",
            "abdominal_obliques",
            "pectineus",
        )
    ]
    new += [("acupoint", code, "midline") for code in ("GV26", "GV2", "GV1")]  # fmt: skip
    for kind, item_id, side in new:
        library.search.setText(item_id if kind == "acupoint" else kb.muscles[item_id].label)
        assert item_id in library.visible_ids()
        detail = DetailDialog(kb, catalog, kind, item_id, side)
        qtbot.addWidget(detail)
        marks = detail.illustration.illustration.markers
        assert marks and all(m.kind in ("x", "dot", "landmark") for m in marks), item_id
        image = detail.grab().toImage()
        assert not image.isNull()
