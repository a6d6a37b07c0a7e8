select
    article_id,
    title,
    published_date,
    author,
    publisher,
    language,
    canonical_url,
    body_text,
    cleaned_at
from {{ source('landing', 'cleaned_articles') }}
