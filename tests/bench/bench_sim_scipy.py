#!/usr/bin/env python3
# bench_sim_scipy.py: the benchmark network integrated with SciPy's BDF and a sparse Jacobian.
#
#   bench_sim_scipy.py NETWORK.txt [RTOL ATOL]
#
# NETWORK.txt is the network bench-sim.c writes (bench-sim-network.h: network_write()). The
# equations are those of bench-sim-cvode.c, C_i dT_i/dt = Q_i + sum g (T_j - T_i) with the outdoor
# temperature a yearly and a daily sine, vectorised: f(t, T) = A T + b(t) with A sparse, and A,
# constant, given as the Jacobian. The solver is scipy.integrate.BDF, the class solve_ivp(method=
# "BDF") runs, stepped here the way solve_ivp steps it, with the chosen node temperatures read
# from each step's interpolant at the 15-minute output times: solve_ivp's t_eval would keep every
# state at every output (2.8 GB for 10,000 nodes over a year). Prints one line of key=value pairs
# that bench-sim.c reads, or "skipped=..." when SciPy is missing.
import math
import resource
import sys
import time

try:
    import numpy as np
    import scipy
    from scipy.integrate import BDF
    from scipy.sparse import csc_matrix
except ImportError as e:
    print("skipped=%s" % str(e).replace(" ", "_"))
    sys.exit(0)

YEAR = 365 * 86400.0
DAY = 86400.0
OUTPUT = 900.0
PHASE_YEAR = -(360.0 * 18.0 / 365.0 + 90.0) * math.pi / 180.0
PHASE_DAY = -(360.0 * 3.0 / 24.0 + 90.0) * math.pi / 180.0


def outdoor_c(t):
    return 10.0 + 10.0 * math.sin(2 * math.pi * t / YEAR + PHASE_YEAR) + 4.0 * math.sin(2 * math.pi * t / DAY + PHASE_DAY)


def read_network(path):
    with open(path) as f:
        n = int(f.readline().split()[1])
        nodes = np.array([[float(v) for v in f.readline().split()] for _ in range(n)])
        m = int(f.readline().split()[1])
        links = [f.readline().split() for _ in range(m)]
        chosen = [int(v) for v in f.readline().split()[1:]]
    a = np.array([int(l[0]) for l in links])
    b = np.array([int(l[1]) for l in links])
    g = np.array([float(l[2]) for l in links])
    return nodes[:, 0], nodes[:, 1], nodes[:, 2], a, b, g, chosen


def main():
    path = sys.argv[1]
    rtol = float(sys.argv[2]) if len(sys.argv) > 2 else 1e-6
    atol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-8
    capacity, initial_c, heat, a, b, g, chosen = read_network(path)
    n = len(capacity)
    inner = b >= 0
    rows = np.concatenate([a[inner], b[inner], a[inner], b[inner], a[~inner]])
    cols = np.concatenate([b[inner], a[inner], a[inner], b[inner], a[~inner]])
    vals = np.concatenate([g[inner], g[inner], -g[inner], -g[inner], -g[~inner]])
    inverse_c = 1.0 / capacity
    jac = csc_matrix((vals * inverse_c[rows], (rows, cols)), shape=(n, n))  # duplicates are summed
    outdoor_g = np.bincount(a[~inner], weights=g[~inner], minlength=n)
    heat_term = heat * inverse_c
    outdoor_term = outdoor_g * inverse_c

    def rhs(t, y):
        return jac @ y + heat_term + outdoor_term * (outdoor_c(t) + 273.15)

    y0 = initial_c + 273.15
    start = time.monotonic()
    cpu_start = time.process_time()
    solver = BDF(rhs, 0.0, y0, YEAR, rtol=rtol, atol=atol, jac=jac)
    n_outputs = int(round(YEAR / OUTPUT)) + 1
    kept = np.empty((n_outputs, len(chosen)))
    kept[0] = y0[chosen] - 273.15
    next_output = 1
    steps = 0
    while solver.status == "running":
        message = solver.step()
        if solver.status == "failed":
            print("failed=%s" % message.replace(" ", "_"))
            return 1
        steps += 1
        if next_output < n_outputs and next_output * OUTPUT <= solver.t:
            interpolant = solver.dense_output()
            while next_output < n_outputs and next_output * OUTPUT <= solver.t:
                kept[next_output] = interpolant(next_output * OUTPUT)[chosen] - 273.15
                next_output += 1
    seconds = time.monotonic() - start
    cpu_seconds = time.process_time() - cpu_start
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finals = " ".join("final%d=%.9g" % (k, v) for k, v in enumerate(kept[-1]))
    print("nodes=%d seconds=%.3f cpu_seconds=%.3f steps=%d rhs=%d jacobians=%d maxrss_kb=%d scipy=%s %s" % (
        n, seconds, cpu_seconds, steps, solver.nfev, solver.njev, maxrss_kb, scipy.__version__, finals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
