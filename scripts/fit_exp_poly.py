#!/usr/bin/env python3
"""Fits the polynomial used by ExpNonPositive (src/kernels/reduce-inl.h).

exp(t) = 1 + t * g(t) on the reduced range [-ln2/2, ln2/2]; g is a degree-4
Chebyshev fit (mpmath.chebyfit) of expm1(t) / t. Prints the float32 coefficients
as C++ hex literals, highest degree first, and the worst relative error of
1 + t * g(t) against exp(t) with those rounded coefficients, evaluated exactly,
so the figure excludes the rounding of the float32 evaluation itself.
Usage: python3 scripts/fit_exp_poly.py [degree]
"""
import struct
import sys

import mpmath as mp

mp.mp.dps = 40


def to_f32(x):
    return struct.unpack('f', struct.pack('f', float(x)))[0]


def main():
    degree = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    half = mp.log(2) / 2
    g = lambda t: mp.expm1(t) / t if t != 0 else mp.mpf(1)
    coeffs = [to_f32(c) for c in mp.chebyfit(g, [-half, half], degree + 1)]
    worst = mp.mpf(0)
    steps = 20000
    for i in range(steps + 1):
        t = -half + 2 * half * i / steps
        approx = 1 + t * mp.polyval([mp.mpf(c) for c in coeffs], t)
        worst = max(worst, abs(approx / mp.exp(t) - 1))
    for k, c in enumerate(coeffs):
        print(f'c{degree - k} = {float.hex(c)}f')
    print(f'worst relative error (exact evaluation): {mp.nstr(worst, 3)}')
    print(f'ln2 split: hi = {float.hex(0.693145751953125)}f, '
          f'lo = {float.hex(to_f32(mp.log(2) - mp.mpf(0.693145751953125)))}f, '
          f'log2(e) = {float.hex(to_f32(1 / mp.log(2)))}f')


if __name__ == '__main__':
    main()
