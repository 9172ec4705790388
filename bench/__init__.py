"""The benchmarks. Not packaged: they run from a checkout, whose seed data and modules they use."""

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
