"""The region-scale benchmark (`make bench`): a development tool, kept out of the shipped apps.

``bench.generate`` writes a region into PostgreSQL, ``bench.measure`` times its pages and jobs beside
their floors; ``manage.py bench`` (a thin command in reports) and ``python -m bench`` run both.
"""
