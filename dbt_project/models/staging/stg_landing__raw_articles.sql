select
    article_id,
    source_uri,
    file_name,
    media_type,
    content_hash,
    byte_size,
    ingested_at
from {{ source('landing', 'raw_articles') }}
