"""Clean: an article body without boilerplate (trafilatura for HTML, a line filter for text), with title,
published date, author, publisher and language.

Pure functions over a document. May import: `pipeline.text` and the foundation modules.
"""
