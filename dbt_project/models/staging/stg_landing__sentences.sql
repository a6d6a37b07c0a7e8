select
    article_id || ':' || cast(sentence_index as {{ dbt.type_string() }}) as sentence_key,
    article_id,
    sentence_index,
    start_char,
    end_char,
    sentence_text
from {{ source('landing', 'article_sentences') }}
