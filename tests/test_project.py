"""One project's inputs and their rebasing to the price year (analyse.methods.cba.project)."""

from __future__ import annotations

import pytest
from cba_examples import CHAIN_COST, make_inputs, shipped_cpi

from analyse.data.problems import InputError


def test_proxies_are_rebased_to_the_price_year_with_the_cpi():
    # data/raw/cpi.csv (CBS): 2015 = 100, yearly average 2022 = 121.43, so EUR 100 of 2015 is
    # EUR 121.43 of 2022; the low/high ends move with it.
    inputs = make_inputs([{"proxy_eur": 100.0, "proxy_eur_low": 50.0, "proxy_eur_high": 150.0,
                           "proxy_price_year": 2015}], CHAIN_COST, cpi=shipped_cpi())
    row = inputs.outcomes.iloc[0]
    assert (row.proxy_eur, row.proxy_eur_low, row.proxy_eur_high) == pytest.approx((121.43, 60.715, 182.145))


def test_missing_cpi_year_is_a_clear_error():
    with pytest.raises(InputError, match="no consumer price index for 2009"):
        make_inputs([{"proxy_price_year": 2009}], CHAIN_COST, cpi=shipped_cpi())
    with pytest.raises(InputError, match="no consumer price index"):
        make_inputs([{"proxy_price_year": 2015}], CHAIN_COST, cpi=None)
