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

Modules: :mod:`.discounting` (discount factors, presets from params/discount_rates.yaml),
:mod:`.project` (inputs, price-year rebasing, conventions), :mod:`.engine` (the vectorised
model), :mod:`.appraisal` (appraise, payback, IRR), :mod:`.pockets` (wrong-pocket view,
budget neutrality), :mod:`.sensitivity` (tornado, switching values, Monte Carlo, Sobol).
Plots are in :mod:`analyse.publish.plots.cba`, the ``analyse appraise`` command in
:mod:`analyse.publish.appraise`.
"""

from analyse.methods.cba import appraisal, discounting, pockets, project, sensitivity
from analyse.methods.cba.appraisal import *  # noqa: F403
from analyse.methods.cba.discounting import *  # noqa: F403
from analyse.methods.cba.pockets import *  # noqa: F403
from analyse.methods.cba.project import *  # noqa: F403
from analyse.methods.cba.sensitivity import *  # noqa: F403

__all__ = [*appraisal.__all__, *discounting.__all__, *pockets.__all__, *project.__all__, *sensitivity.__all__]
