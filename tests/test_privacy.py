"""The notebook facade ``analyse.privacy`` keeps every name it had before the split into
analyse.disclosure (rules, counts, tables), analyse.data.person_level and
analyse.publish.counts. The behaviour is tested with those modules:
test_disclosure_rules.py, test_disclosure_counts.py, test_disclosure_tables.py,
test_person_level.py, test_publish_counts.py and tests/cases/disclosure.yaml."""

from __future__ import annotations

from analyse import privacy, style

PRIVACY_NAMES = """PARAMS_FILE METHODS SECONDARY_NOTE BSN_MIN_SHARE PERSON_COLUMNS POSTCODE_COLUMNS
    HOUSE_NUMBER_COLUMNS DisclosureRules load_rules round_to_base primary_suppressed protect_counts protect_derived
    count_columns ProtectedTable secondary_suppression protect_table display_counts elfproef looks_like_bsn
    person_level_columns looks_person_level DISCLOSURE_ENV REPORT_COUNT_COLUMNS DERIVED_COLUMNS protection_enabled
    display_count_columns protect_for_display show_count""".split()
STYLE_NAMES = """COLORS PALETTE LEVEL_COLORS ILLUSTRATIVE_LABEL eur_axis number_axis pct_axis apply_style
    annotate_figure new_figure color_for format_table MISSING is_missing format_number md format_eur format_pct
    format_ratio""".split()


def test_privacy_facade_keeps_every_public_name():
    assert not [n for n in PRIVACY_NAMES if n not in privacy.__all__ or not hasattr(privacy, n)]


def test_style_facade_keeps_every_public_name():
    assert not [n for n in STYLE_NAMES if n not in style.__all__ or not hasattr(style, n)]


def test_facade_names_are_the_library_objects():
    from analyse.data.person_level import elfproef
    from analyse.disclosure.tables import protect_table
    from analyse.publish.counts import show_count
    from analyse.publish.tables import format_table

    assert privacy.elfproef is elfproef and privacy.protect_table is protect_table
    assert privacy.show_count is show_count and style.format_table is format_table
