"""Language utilities shared by cleaning and extraction: sentence splitting, dates, money amounts, name patterns.

Pure functions over strings. May import: `pipeline.paths`, `pipeline.versions`, nothing else of the pipeline.
"""
