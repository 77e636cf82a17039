"""Facade for notebooks: ``from analyse import prevention``. The code lives in analyse.methods (pyramid,
health, coverage, whitespots, network) and, for the Dutch sentences, analyse.publish.prevention_text."""

from analyse.methods import coverage as _coverage
from analyse.methods import health as _health
from analyse.methods import network as _network
from analyse.methods import pyramid as _pyramid
from analyse.methods import whitespots as _whitespots
from analyse.methods.coverage import *  # noqa: F403
from analyse.methods.health import *  # noqa: F403
from analyse.methods.kernen import inhabitants_in_order as inhabitants  # noqa: F401 (the old prevention.inhabitants)
from analyse.methods.network import *  # noqa: F403
from analyse.methods.pyramid import *  # noqa: F403
from analyse.methods.whitespots import *  # noqa: F403
from analyse.publish import prevention_text as _text
from analyse.publish.prevention_text import *  # noqa: F403

__all__ = [*_pyramid.__all__, *_health.__all__, *_coverage.__all__, *_whitespots.__all__, *_network.__all__,
           *_text.__all__, "inhabitants"]
