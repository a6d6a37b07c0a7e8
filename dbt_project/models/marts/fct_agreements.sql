with mentions as (
    select * from {{ ref('int_fact_mentions_clustered') }}
    where fact_type = 'agreement'
),

stages as (
    select 'proposed' as status, 1 as stage_rank
    union all select 'under_negotiation', 2
    union all select 'agreed', 3
    union all select 'signed', 4
    union all select 'implemented', 5
),

status_votes as (
    select fact_id, status, count(*) as votes
    from mentions
    group by fact_id, status
),

facts as (
    select
        mentions.fact_id,
        {{ dbt.any_value('mentions.party_codes') }} as party_codes,
        {{ dbt.any_value('mentions.subject_key') }} as subject_key,
        -- The phrase most statements of the deal use (a tie is settled by value, so reruns agree); the
        -- sentences themselves are in fct_fact_mentions.
        {{ mode('mentions.subject') }} as subject,
        -- What most statements say; on a tie, the furthest stage.
        {{ max_by('mentions.status', 'status_votes.votes * 10 + stages.stage_rank') }} as status,
        min(mentions.event_date) as agreement_date,
        {{ min_by('mentions.date_precision', 'mentions.event_date') }} as date_precision,
        max(mentions.value_usd) as value_usd,
        count(distinct mentions.article_id) as article_count,
        count(*) as mention_count,
        min(mentions.published_date) as first_published_date,
        max(mentions.published_date) as last_published_date,
        min(mentions.ingested_at) as first_seen_at,
        max(mentions.ingested_at) as last_seen_at
    from mentions
    inner join stages on mentions.status = stages.status
    inner join status_votes on mentions.fact_id = status_votes.fact_id and mentions.status = status_votes.status
    group by mentions.fact_id
)

select
    facts.fact_id as agreement_id,
    facts.party_codes,
    facts.subject,
    facts.subject_key,
    facts.status,
    facts.agreement_date,
    facts.date_precision,
    facts.value_usd,
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
    on codes.fact_type = 'agreement' and codes.status = facts.status
