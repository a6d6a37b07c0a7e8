select
    mentions.mention_id,
    mentions.fact_type,
    mentions.fact_id,
    mentions.article_id,
    mentions.sentence_index,
    sentences.sentence_text,
    mentions.start_char,
    mentions.end_char,
    mentions.trigger_text,
    mentions.event_date,
    mentions.date_precision
from {{ ref('int_fact_mentions_clustered') }} as mentions
inner join {{ ref('stg_landing__sentences') }} as sentences
    on mentions.article_id = sentences.article_id
    and mentions.sentence_index = sentences.sentence_index
