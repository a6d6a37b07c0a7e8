{#-
    Resolve mentions into real-world facts. A fact is identified by its type, its actors (parties;
    visitor and host; imposer, target and status) and what it is about (subject_key: the deal's
    product or topic, the visiting official, the sanctions' reason). A mention that names no subject takes the
    subject its article gives the same actors, when the article gives exactly one.
    Mentions of a named product (S400, AK203) are one deal whatever the date; otherwise mentions
    are split by event year, and a mention without a date joins the year its own article gives
    the same fact, else the year most mentions give it.
-#}
with keyed as (
    select
        *,
        case fact_type
            when 'agreement' then {{ array_to_string('party_codes', "'+'") }}
            when 'visit' then visitor_country_code || '>' || host_country_code
            when 'sanction' then imposer_code || '>' || target_code || '|' || status
        end as actor_key
    from {{ ref('stg_landing__fact_mentions') }}
    where not negated
),

article_subjects as (
    select fact_type, article_id, actor_key, min(subject_key) as article_subject_key
    from keyed
    where subject_key is not null
    group by fact_type, article_id, actor_key
    having count(distinct subject_key) = 1
),

mentions as (
    select
        keyed.mention_id,
        keyed.article_id,
        keyed.sentence_index,
        keyed.fact_type,
        keyed.start_char,
        keyed.end_char,
        keyed.trigger_text,
        keyed.status,
        keyed.negated,
        keyed.party_codes,
        keyed.subject,
        coalesce(keyed.subject_key, article_subjects.article_subject_key) as subject_key,
        keyed.value_usd,
        keyed.event_date,
        keyed.date_precision,
        keyed.visitor_name,
        keyed.visitor_country_code,
        keyed.host_country_code,
        keyed.city,
        keyed.imposer_code,
        keyed.target_code,
        keyed.legal_basis,
        keyed.reason,
        keyed.actor_key,
        keyed.actor_key || '|' || coalesce(keyed.subject_key, article_subjects.article_subject_key, '') as base_key,
        keyed.fact_type = 'agreement'
        and {{ regexp_like("coalesce(keyed.subject_key, '')", "'^[A-Z]+[0-9]'") }} as timeless,
        extract(year from keyed.event_date) as event_year,
        articles.published_date,
        articles.ingested_at
    from keyed
    inner join {{ ref('stg_landing__articles') }} as articles
        on keyed.article_id = articles.article_id
    left join article_subjects
        on keyed.fact_type = article_subjects.fact_type
        and keyed.article_id = article_subjects.article_id
        and keyed.actor_key = article_subjects.actor_key
),

article_years as (
    select fact_type, base_key, article_id, min(event_year) as article_year
    from mentions
    where event_year is not null
    group by fact_type, base_key, article_id
),

key_years as (
    select fact_type, base_key, event_year as key_year
    from (
        select
            fact_type,
            base_key,
            event_year,
            row_number() over (
                partition by fact_type, base_key order by count(*) desc, event_year desc
            ) as year_rank
        from mentions
        where event_year is not null
        group by fact_type, base_key, event_year
    ) as ranked
    where year_rank = 1
),

bucketed as (
    select
        mentions.*,
        case
            when mentions.timeless then 'any'
            else coalesce(
                cast(mentions.event_year as {{ dbt.type_string() }}),
                cast(article_years.article_year as {{ dbt.type_string() }}),
                cast(key_years.key_year as {{ dbt.type_string() }}),
                'undated'
            )
        end as time_bucket
    from mentions
    left join article_years
        on mentions.fact_type = article_years.fact_type
        and mentions.base_key = article_years.base_key
        and mentions.article_id = article_years.article_id
    left join key_years
        on mentions.fact_type = key_years.fact_type
        and mentions.base_key = key_years.base_key
)

select
    *,
    left(fact_type, 3) || '_' || left({{ dbt.hash("fact_type || '|' || base_key || '|' || time_bucket") }}, 16) as fact_id
from bucketed
