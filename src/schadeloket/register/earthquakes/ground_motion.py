"""Peak ground velocity (PGV) at a site for an induced earthquake, vectorised with numpy.

Why: the evidence-presumption area (art. 10oa Besluit Twg), the fixed payment (VES/AVV) and the
manure-cellar scheme all ask whether an earthquake reached a ground velocity (2 mm/s, 10 mm/s)
at an address with a given exceedance probability. That is a modelled figure, not a measured one.

Model: the PGV ground-motion model for the Groningen field of
    Bommer, J.J., Stafford, P.J., Ruigrok, E., Rodriguez-Marek, A., Ntinalexis, M., Kruiver, P.P.,
    Edwards, B., Dost, B. & van Elk, J. (2022). Ground-motion prediction models for induced
    earthquakes in the Groningen gas field, the Netherlands. Journal of Seismology 26, 1157-1184.
    doi:10.1007/s10950-022-10120-w
with the "LRG" coefficients (larger horizontal component). Form, with M the local magnitude,
Repi the epicentral distance and d the depth, both in km:

    hM   = exp(c6 + c7 * M)                      near-source saturation term (km)
    Rhyp = sqrt(Repi^2 + d^2)
    R    = sqrt(Rhyp^2 + hM^2)
    ln(PGV [cm/s]) = c1 + c2*M
                     + c3*ln(min(R, 7))
                     + c4*ln(max(min(R, 12), 7) / 7)
                     + c5*ln(max(R, 12) / 12)
                     + c8*ln(VS30 / 200)
    sigma = sqrt(tau^2 + phiS2S^2 + phiSS^2)     total standard deviation of ln(PGV)

The median is exp(mean); the value with a 1% probability of being exceeded is
median * exp(2.326 * sigma) (2.326 is the 99th percentile of the standard normal distribution).

Limitation: the IMG works with the 2019 version of this model and its site-response zones, which
are not public. We use one VS30 for every site (`VS30_DEFAULT_M_S`, 200 m/s, typical for the soft
Groningen soils); the site term is then zero. See docs/ground-motion.md.
"""

from __future__ import annotations

import math

import numpy as np

# Bommer et al. (2022), PGV, larger horizontal component ("LRG").
C1 = -3.3996
C2 = 2.3258
C3 = -2.8522
C4 = -1.0151
C5 = -2.1002
C6 = -3.4407
C7 = 1.1513
C8 = -0.3295
TAU = 0.2448
PHI_S2S = 0.2406
PHI_SS = 0.4569
SIGMA_TOTAL = math.sqrt(TAU**2 + PHI_S2S**2 + PHI_SS**2)

# Hinge distances of the distance term (km).
R_HINGE_1 = 7.0
R_HINGE_2 = 12.0

#: Time-averaged shear-wave velocity of the top 30 m (m/s) used for every site. The 2019 model
#: the IMG uses has site-response zones that are not public; 200 m/s is typical for Groningen.
VS30_DEFAULT_M_S = 200.0
VS30_REFERENCE_M_S = 200.0

#: Standard-normal quantile per exceedance level: "median" is 50% exceedance, "p99" is the value
#: exceeded with a 1% probability (99th percentile).
EXCEEDANCE_Z = {"median": 0.0, "p99": 2.326}


def _z(exceedance: str) -> float:
    try:
        return EXCEEDANCE_Z[exceedance]
    except KeyError:
        raise ValueError(f"unknown exceedance {exceedance!r}; use one of {sorted(EXCEEDANCE_Z)}") from None


def near_source_term_km(magnitude):
    """hM = exp(c6 + c7*M) in km (scalar or array)."""
    return np.exp(C6 + C7 * np.asarray(magnitude, dtype=float))


def distance_term(r_km):
    """The piecewise distance term of ln(PGV) for the rupture-equivalent distance R (km)."""
    r = np.asarray(r_km, dtype=float)
    return (
        C3 * np.log(np.minimum(r, R_HINGE_1))
        + C4 * np.log(np.maximum(np.minimum(r, R_HINGE_2), R_HINGE_1) / R_HINGE_1)
        + C5 * np.log(np.maximum(r, R_HINGE_2) / R_HINGE_2)
    )


def ln_pgv_cm_s(magnitude, epicentral_km, depth_km, vs30=VS30_DEFAULT_M_S, exceedance: str = "median"):
    """ln(PGV in cm/s) for the given exceedance; all arguments broadcast like numpy arrays."""
    m = np.asarray(magnitude, dtype=float)
    repi = np.asarray(epicentral_km, dtype=float)
    depth = np.asarray(depth_km, dtype=float)
    h_m = near_source_term_km(m)
    r = np.sqrt(repi**2 + depth**2 + h_m**2)
    site = C8 * np.log(np.asarray(vs30, dtype=float) / VS30_REFERENCE_M_S)
    return C1 + C2 * m + distance_term(r) + site + _z(exceedance) * SIGMA_TOTAL


def pgv_mm_s(magnitude, epicentral_km, depth_km, exceedance: str = "median", vs30=VS30_DEFAULT_M_S):
    """PGV in mm/s at the site: median (`"median"`) or at 1% exceedance (`"p99"`).

    Arguments broadcast like numpy arrays; a scalar in gives a 0-d array (use float() on it).
    """
    return 10.0 * np.exp(ln_pgv_cm_s(magnitude, epicentral_km, depth_km, vs30=vs30, exceedance=exceedance))


def max_epicentral_km_for(
    threshold_mm_s: float, magnitude, depth_km, exceedance: str = "median", vs30=VS30_DEFAULT_M_S
):
    """Largest epicentral distance (km) at which each event still reaches `threshold_mm_s`.

    PGV falls monotonically with distance (c3, c4, c5 < 0), so "PGV >= threshold" is the same as
    "epicentral distance <= this radius". Events that do not reach the threshold even at their
    epicentre get -1. This inverts the distance term exactly, piece by piece, and makes bulk
    checks of many addresses cheap: compare squared distances instead of evaluating logs.
    """
    m = np.asarray(magnitude, dtype=float)
    depth = np.asarray(depth_km, dtype=float)
    m, depth = np.broadcast_arrays(m, depth)
    h_m = near_source_term_km(m)
    site = C8 * np.log(float(vs30) / VS30_REFERENCE_M_S)
    # target value the distance term must reach: g(R) >= t
    t = math.log(threshold_mm_s / 10.0) - (C1 + C2 * m + site + _z(exceedance) * SIGMA_TOTAL)
    g7 = C3 * math.log(R_HINGE_1)
    g12 = g7 + C4 * math.log(R_HINGE_2 / R_HINGE_1)
    with np.errstate(over="ignore"):
        r_star = np.where(
            t >= g7,
            np.exp(t / C3),
            np.where(t >= g12, R_HINGE_1 * np.exp((t - g7) / C4), R_HINGE_2 * np.exp((t - g12) / C5)),
        )
    repi_sq = r_star**2 - depth**2 - h_m**2
    return np.where(repi_sq >= 0, np.sqrt(np.maximum(repi_sq, 0.0)), -1.0)
