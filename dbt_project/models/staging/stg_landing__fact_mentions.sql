select
    {{ fact_mention_columns() | join(',\n    ') }}
from {{ source('landing', 'fact_mentions') }}
