with mentions as (
    select * from {{ ref('int_fact_mentions_clustered') }}
    where fact_type = 'sanction'
),

facts as (
    select
        fact_id,
        {{ dbt.any_value('imposer_code') }} as imposer_code,
        {{ dbt.any_value('target_code') }} as target_code,
        {{ dbt.any_value('status') }} as status,
        {{ mode('legal_basis') }} as legal_basis,
        {{ max_by('reason', 'length(reason)') }} as reason,
        min(event_date) as sanction_date,
        {{ min_by('date_precision', 'event_date') }} as date_precision,
        count(distinct article_id) as article_count,
        count(*) as mention_count,
        min(published_date) as first_published_date,
        max(published_date) as last_published_date,
        min(ingested_at) as first_seen_at,
        max(ingested_at) as last_seen_at
    from mentions
    group by fact_id
)

select
    facts.fact_id as sanction_id,
    facts.imposer_code,
    facts.target_code,
    facts.status,
    facts.legal_basis,
    facts.reason,
    facts.sanction_date,
    facts.date_precision,
    codes.cameo_code,
    codes.plover_type,
    facts.article_count,
    facts.mention_count,
    facts.first_published_date,
    facts.last_published_date,
    facts.first_seen_at,
    facts.last_seen_at
from facts
left join {{ ref('event_codes') }} as codes
    on codes.fact_type = 'sanction' and codes.status = facts.status
