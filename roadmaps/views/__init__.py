"""The views of roadmaps, a module per group of URLs (see roadmaps/urls.py)."""
