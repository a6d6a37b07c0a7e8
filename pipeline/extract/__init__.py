"""Extract: agreement, visit and sanction mentions from a cleaned article's sentences, with roles resolved to codes.

The dictionaries (`dbt_project/seeds/`) are read by `lexicon`; `actors`, `grammar` and `sentence_view` give each
sentence's structure; `agreements`, `visits` and `sanctions` are the three fact grammars; `article` runs them over
one article and `batch` runs clean → split → extract over many (a process pool for large batches).
May import: `pipeline.text`, `pipeline.clean` (for `batch`) and the foundation modules.
"""
