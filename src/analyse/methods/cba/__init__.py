"""Cost-benefit engine: MKBA and SROI with explicit conventions (see docs/cba.md).

    from analyse.methods import cba
    from analyse import data
    from analyse.config import load_municipality

    inputs = cba.project_inputs(data.sroi_projects(), data.sroi_investments(),
                                data.sroi_outcomes(), "huisbezoek_ouderen", cpi=data.cpi())
    result = cba.appraise(inputs, rate="nl2020", timing="end")
    result.summary["sroi"], cba.wrong_pocket(result, load_municipality().actors)

Modules: :mod:`.discounting` (discount factors, presets), :mod:`.project` (inputs,
price-year rebasing, conventions), :mod:`.engine` (the vectorised model),
:mod:`.appraisal` (appraise, payback, IRR), :mod:`.pockets` (wrong-pocket view, budget
neutrality), :mod:`.sensitivity` (tornado, switching values, Monte Carlo, Sobol),
:mod:`.command` (``analyse appraise``).
"""

from analyse.methods.cba.appraisal import Appraisal, appraise, irr, payback_period
from analyse.methods.cba.discounting import DiscountRate, RateError, discount_factors, discount_presets, present_value, resolve_rate
from analyse.methods.cba.pockets import break_even_saving, plot_wrong_pocket, saving_payback, wrong_pocket
from analyse.methods.cba.project import Conventions, ProjectInputs, cpi_factors, project_inputs
from analyse.methods.cba.sensitivity import (MonteCarlo, monte_carlo, one_way, plot_tornado, quantile_values, sobol_indices,
                          switching_values, uncertain_inputs)

__all__ = [
    "Appraisal", "Conventions", "DiscountRate", "MonteCarlo", "ProjectInputs", "RateError",
    "appraise", "break_even_saving", "cpi_factors", "discount_factors", "discount_presets", "irr",
    "monte_carlo", "one_way", "payback_period", "plot_tornado", "plot_wrong_pocket", "present_value",
    "project_inputs", "quantile_values", "resolve_rate", "saving_payback", "sobol_indices",
    "switching_values", "uncertain_inputs", "wrong_pocket",
]
