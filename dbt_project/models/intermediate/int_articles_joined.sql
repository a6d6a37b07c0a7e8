{#-
    One row per loaded article: what was read (raw), what cleaning recovered (null for an article whose cleaning
    failed) and when its mentions were last extracted. A view: it only joins, and the clustering and dim_articles
    read it within one build.
-#}
{{ config(materialized='view') }}

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
from {{ ref('stg_landing__raw_articles') }} as raw
left join {{ ref('stg_landing__cleaned_articles') }} as cleaned
    on raw.article_id = cleaned.article_id
left join {{ ref('stg_landing__article_extractions') }} as extractions
    on raw.article_id = extractions.article_id
