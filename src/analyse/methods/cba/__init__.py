"""Cost-benefit engine: MKBA and SROI with explicit conventions (see docs/cba.md).

    from analyse.methods import cba
    from analyse import data
    from analyse.config import load_municipality

    muni = load_municipality()
    inputs = cba.project_inputs(data.sroi_projects(), data.sroi_investments(),
                                data.sroi_outcomes(), "huisbezoek_ouderen", cpi=data.cpi())
    result = cba.appraise(inputs, timing="end")          # rate None: the default preset
    result.summary["sroi"], cba.wrong_pocket(result, muni.actors)
    cba.break_even_saving(result, muni.own_actor)
    cba.actor_payback(result, muni.own_actor)            # the municipality's own payback

Modules: :mod:`.discounting` (discount factors, presets from params/discount_rates.yaml),
:mod:`.project` (inputs, price-year rebasing, conventions), :mod:`.engine` (the vectorised
model), :mod:`.appraisal` (appraise), :mod:`.returns` (payback in whole
years, IRR with the reason when there is none), :mod:`.asymmetry` (how the input ranges lie
around their base values), :mod:`.pockets` (wrong-pocket view,
budget neutrality), :mod:`.sensitivity` (tornado, switching values, Monte Carlo, Sobol).
Plots are in :mod:`analyse.publish.plots.cba`, the ``analyse appraise`` command in
:mod:`analyse.publish.appraise`.
"""

from analyse.methods.cba import appraisal, asymmetry, discounting, pockets, project, returns, sensitivity
from analyse.methods.cba.appraisal import *  # noqa: F403
from analyse.methods.cba.asymmetry import *  # noqa: F403
from analyse.methods.cba.discounting import *  # noqa: F403
from analyse.methods.cba.pockets import *  # noqa: F403
from analyse.methods.cba.project import *  # noqa: F403
from analyse.methods.cba.returns import *  # noqa: F403
from analyse.methods.cba.sensitivity import *  # noqa: F403

__all__ = [*appraisal.__all__, *asymmetry.__all__, *discounting.__all__, *pockets.__all__, *returns.__all__,
           *project.__all__, *sensitivity.__all__]
