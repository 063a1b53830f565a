"""The views of medals, a module per group of URLs (see medals/urls.py)."""
