"""Facade for notebooks: ``from analyse import privacy``. The code lives in analyse.disclosure (rules, counts,
tables), analyse.data.person_level (person-level input) and analyse.publish.counts (counts as Dutch text)."""
from analyse.data import person_level
from analyse.data.person_level import *  # noqa: F403
from analyse.disclosure import counts, rules, tables
from analyse.disclosure.counts import *  # noqa: F403
from analyse.disclosure.rules import *  # noqa: F403
from analyse.disclosure.tables import *  # noqa: F403
from analyse.publish import counts as publish_counts
from analyse.publish.counts import *  # noqa: F403

__all__ = [*rules.__all__, *counts.__all__, *tables.__all__, *person_level.__all__, *publish_counts.__all__]
