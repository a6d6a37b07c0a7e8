{#-
    Resolve mentions into real-world facts. A fact is identified by its type, its actors (parties;
    visitor and host; imposer, target and status) and what it is about (subject_key: the deal's
    product or topic, the visiting official, the sanctions' reason). A mention that names no subject takes the
    subject its article gives the same actors, when the article gives exactly one.
    Mentions of a named product (S400, AK203) are one deal whatever the date; otherwise mentions
    are split by event year, and a mention without a date joins the year its own article gives
    the same fact, else the year most mentions give it. Visits are split by month as well: a visit mention
    dated to the month or day is of its month, another one takes the latest month its article gives the
    same visit in that year, else the month most mentions give it.

    An incremental run recomputes only the mentions whose fact can have changed. A mention's base_key follows
    from its own article's mentions, its time bucket from the mentions of its group (same fact_type and
    base_key); an article's mentions change only when it is extracted again, with a new extracted_at, or
    removed. So the groups of the changed articles' mentions, before and after, are recomputed whole from
    their articles' mentions, and the `scoped` strategy (macros/incremental_scoped.sql) replaces them.
-#}
{%- set incremental = is_incremental() %}
{#- The month of a visit the sentence dates to the month or day: two visits of one official to one country in a
    year are two visits ("arrived in Pyongyang today" is not "last visited Pyongyang in June"). #}
{%- set month_of = "case when {0}fact_type = 'visit' and {0}date_precision in ('day', 'month')"
    ~ " then extract(month from {0}event_date) end" %}
{%- set event_month = month_of.format('') %}

with articles as (
    select article_id, published_date, ingested_at, extracted_at
    from {{ ref('int_articles_joined') }}
),

{% if incremental -%}
changed_articles as (
    select article_id from (
        select article_id, extracted_at from articles where extracted_at is not null
        except
        select article_id, extracted_at from {{ this }}
    ) as extracted_again
    union
    select article_id from (
        select article_id, extracted_at from {{ this }}
        except
        select article_id, extracted_at from articles
    ) as gone
),

{{ keyed_fact_mentions('changed_mentions', 'changed_articles') }},

scope as (
    select fact_type, base_key from changed_mentions
    union
    select fact_type, base_key from {{ this }}
    where article_id in (select article_id from changed_articles)
),

scope_articles as (
    select article_id from changed_articles
    union
    select article_id from {{ this }}
    where (fact_type, base_key) in (select fact_type, base_key from scope)
),

{{ keyed_fact_mentions('mentions', 'scope_articles') }},
{%- else -%}
{{ keyed_fact_mentions('mentions') }},
{%- endif %}

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
            -- Sanctions that neither a date nor a subject tells apart stay their article's: the same imposer
            -- and target see many packages over the years, and one article's "new sanctions on Russia" is not
            -- the package another article reports.
            when mentions.fact_type = 'sanction' and mentions.subject_key is null and mentions.event_year is null
                and article_years.article_year is null
                then 'article ' || mentions.article_id
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
),

-- A visit mention the sentence dates to no month takes the latest month its own article gives the same visit in
-- that year (news reports the newest visit; earlier ones are background), else the month most mentions give it.
article_months as (
    select fact_type, base_key, time_bucket, article_id, max({{ event_month }}) as article_month
    from bucketed
    where {{ event_month }} is not null
    group by fact_type, base_key, time_bucket, article_id
),

key_months as (
    select fact_type, base_key, time_bucket, event_month as key_month
    from (
        select
            fact_type,
            base_key,
            time_bucket,
            {{ event_month }} as event_month,
            row_number() over (
                partition by fact_type, base_key, time_bucket order by count(*) desc, {{ event_month }} desc
            ) as month_rank
        from bucketed
        where {{ event_month }} is not null
        group by fact_type, base_key, time_bucket, {{ event_month }}
    ) as ranked
    where month_rank = 1
),

monthed as (
    select
        {%- for column in fact_mention_columns() + ['actor_key', 'base_key', 'timeless', 'event_year',
            'published_date', 'ingested_at', 'extracted_at'] %}
        bucketed.{{ column }},
        {%- endfor %}
        bucketed.time_bucket || coalesce(
            '-' || cast(
                coalesce({{ month_of.format('bucketed.') }}, article_months.article_month, key_months.key_month)
                as {{ dbt.type_string() }}
            ),
            ''
        ) as time_bucket
    from bucketed
    left join article_months
        on bucketed.fact_type = article_months.fact_type
        and bucketed.base_key = article_months.base_key
        and bucketed.time_bucket = article_months.time_bucket
        and bucketed.article_id = article_months.article_id
    left join key_months
        on bucketed.fact_type = key_months.fact_type
        and bucketed.base_key = key_months.base_key
        and bucketed.time_bucket = key_months.time_bucket
)

select
    *,
    left(fact_type, 3) || '_' || left({{ dbt.hash("fact_type || '|' || base_key || '|' || time_bucket") }}, 16) as fact_id
from monthed
{%- if incremental %}
where (fact_type, base_key) in (select fact_type, base_key from scope)
-- One row without a mention per group recomputed: the strategy replaces the whole group, including groups
-- whose mentions are all gone.
union all by name
select fact_type, base_key from scope
{%- endif %}
