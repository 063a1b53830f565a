"""The views of assessments, a module per group of URLs (see assessments/urls.py)."""
