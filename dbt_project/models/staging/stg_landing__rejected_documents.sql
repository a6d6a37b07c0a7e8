select
    source,
    reason,
    detail,
    content_hash,
    stage,
    seen_at
from {{ source('landing', 'rejected_documents') }}
