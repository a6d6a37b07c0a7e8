select
    article_id,
    extractor_version,
    mention_count,
    extracted_at
from {{ source('landing', 'article_extractions') }}
