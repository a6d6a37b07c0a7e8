with mentions as (
    select * from {{ ref('int_fact_mentions_clustered') }}
    where fact_type = 'visit'
),

facts as (
    select
        fact_id,
        {{ mode('visitor_name') }} as visitor_name,
        {{ dbt.any_value('visitor_country_code') }} as visitor_country_code,
        {{ dbt.any_value('host_country_code') }} as host_country_code,
        {{ mode('city') }} as city,
        -- A visit no sentence dates is news of about the article's own time: its year of publication (a month
        -- would be wrong for a visit "a week ago" reported on the 2nd). An article of January may as well be
        -- recalling a visit of the year before ("his trip to Gyeongju"), so it gives no year.
        coalesce(
            min(event_date),
            case when extract(month from min(published_date)) > 1
                then cast({{ dbt.date_trunc('year', 'min(published_date)') }} as date) end
        ) as visit_date,
        case
            when min(event_date) is null and extract(month from min(published_date)) > 1 then 'year'
            else {{ min_by('date_precision', 'event_date') }}
        end as date_precision,
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
    facts.fact_id as visit_id,
    facts.visitor_name,
    facts.visitor_country_code,
    facts.host_country_code,
    facts.city,
    facts.visit_date,
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
    on codes.fact_type = 'visit' and codes.status = 'visit'
