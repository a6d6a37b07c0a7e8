"""chancery: news articles about international relations → a DuckDB warehouse of facts."""

__version__ = "0.1.0"
