"""The HTTP server: a JSON API under /api and an offline dashboard (``eventwire serve``)."""
