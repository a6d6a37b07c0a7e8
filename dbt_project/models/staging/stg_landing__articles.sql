select
    raw.article_id,
    raw.source_uri,
    raw.file_name,
    raw.media_type,
    raw.content_hash,
    raw.byte_size,
    raw.ingested_at,
    cleaned.title,
    cleaned.published_date,
    cleaned.author,
    cleaned.publisher,
    cleaned.language,
    cleaned.canonical_url,
    cleaned.body_text,
    cleaned.cleaned_at,
    extractions.extracted_at
from {{ source('landing', 'raw_articles') }} as raw
left join {{ source('landing', 'cleaned_articles') }} as cleaned
    on raw.article_id = cleaned.article_id
left join {{ source('landing', 'article_extractions') }} as extractions
    on raw.article_id = extractions.article_id
