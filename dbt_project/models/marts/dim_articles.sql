with sentence_counts as (
    select article_id, count(*) as sentence_count
    from {{ ref('stg_landing__sentences') }}
    group by article_id
),

mention_counts as (
    select article_id, count(*) as mention_count
    from {{ ref('stg_landing__fact_mentions') }}
    group by article_id
)

select
    articles.article_id,
    articles.source_uri,
    articles.file_name,
    articles.media_type,
    articles.title,
    articles.published_date,
    articles.author,
    articles.publisher,
    articles.language,
    articles.canonical_url,
    articles.body_text,
    articles.content_hash,
    articles.byte_size,
    articles.ingested_at,
    coalesce(sentence_counts.sentence_count, 0) as sentence_count,
    coalesce(mention_counts.mention_count, 0) as mention_count
from {{ ref('int_articles_joined') }} as articles
left join sentence_counts on articles.article_id = sentence_counts.article_id
left join mention_counts on articles.article_id = mention_counts.article_id
where articles.body_text is not null
