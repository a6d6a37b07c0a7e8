{#-
    Resolve mentions into real-world facts. A fact is identified by its type, its actors (parties;
    visitor and host; imposer, target and status) and what it is about (subject_key: the deal's
    product or topic, the visiting official, the sanctions' reason). A mention that names no subject takes the
    subject its article gives the same actors, when the article gives exactly one.
    Mentions of a named product (S400, AK203) are one deal whatever the date; otherwise mentions
    are split by event year, and a mention without a date joins the year its own article gives
    the same fact, else the year most mentions give it if its article was published that year; an article
    of another or an unknown year may tell of an earlier or later package, so its undated mention stays its own.
    When no mention dates the fact, its undated mentions are one fact. Within a year, an official's visits to one country
    are told apart by their dates: dates more than 31 days apart are two visits; an undated mention is of the
    latest visit its article dates, else of the visit most mentions date.

    An incremental run recomputes only the mentions whose fact can have changed. A mention's base_key follows
    from its own article's mentions, its time bucket from the mentions of its group (same fact_type and
    base_key); an article's mentions change only when it is extracted again, with a new extracted_at, or
    removed. So the groups of the changed articles' mentions, before and after, are recomputed whole from
    their articles' mentions, and the `scoped` strategy (macros/incremental_scoped.sql) replaces them.
-#}
{%- set incremental = is_incremental() %}
{#- A visit mention the sentence dates to the month or day ("in June" is dated 1 June). #}
{%- set dated_visit = "{0}fact_type = 'visit' and {0}date_precision in ('day', 'month')" %}

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
                case
                    when key_years.key_year is null then 'undated'
                    when key_years.key_year = extract(year from mentions.published_date)
                        then cast(key_years.key_year as {{ dbt.type_string() }})
                    else 'article ' || mentions.article_id
                end
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

-- Two visits of one official to one country in a year are two facts ("arrived in Pyongyang today" is not "last
-- visited Pyongyang in June"): the dated mentions of a group and year are cut into visits where more than 31 days
-- pass between one date and the next, and each visit is known by its first date.
visit_dates as (
    select
        fact_type,
        base_key,
        time_bucket,
        event_date,
        lag(event_date) over (partition by fact_type, base_key, time_bucket order by event_date) as previous_date
    from (
        select distinct fact_type, base_key, time_bucket, event_date
        from bucketed
        where {{ dated_visit.format('') }}
    ) as dates
),

visit_numbers as (
    select
        fact_type,
        base_key,
        time_bucket,
        event_date,
        sum(case
            when previous_date is null or {{ dbt.datediff('previous_date', 'event_date', 'day') }} > 31 then 1
            else 0
        end) over (
            partition by fact_type, base_key, time_bucket order by event_date
            rows between unbounded preceding and current row
        ) as visit_number
    from visit_dates
),

visit_starts as (
    select
        fact_type,
        base_key,
        time_bucket,
        event_date,
        min(event_date) over (partition by fact_type, base_key, time_bucket, visit_number) as visit_start
    from visit_numbers
),

dated_visits as (
    select bucketed.mention_id, bucketed.fact_type, bucketed.base_key, bucketed.time_bucket, bucketed.article_id,
        visit_starts.visit_start
    from bucketed
    inner join visit_starts
        on bucketed.fact_type = visit_starts.fact_type
        and bucketed.base_key = visit_starts.base_key
        and bucketed.time_bucket = visit_starts.time_bucket
        and bucketed.event_date = visit_starts.event_date
    where {{ dated_visit.format('bucketed.') }}
),

-- A visit mention the sentence dates to no month or day is of the latest visit its own article dates in the
-- group and year (news reports the newest visit; earlier ones are background), else of the visit most mentions
-- date.
article_visits as (
    select fact_type, base_key, time_bucket, article_id, max(visit_start) as article_visit
    from dated_visits
    group by fact_type, base_key, time_bucket, article_id
),

key_visits as (
    select fact_type, base_key, time_bucket, visit_start as key_visit
    from (
        select
            fact_type,
            base_key,
            time_bucket,
            visit_start,
            row_number() over (
                partition by fact_type, base_key, time_bucket order by count(*) desc, visit_start desc
            ) as visit_rank
        from dated_visits
        group by fact_type, base_key, time_bucket, visit_start
    ) as ranked
    where visit_rank = 1
),

visited as (
    select
        {%- for column in fact_mention_columns() + ['actor_key', 'base_key', 'timeless', 'event_year',
            'published_date', 'ingested_at', 'extracted_at'] %}
        bucketed.{{ column }},
        {%- endfor %}
        bucketed.time_bucket || coalesce(
            ' visit of ' || cast(
                coalesce(dated_visits.visit_start, article_visits.article_visit, key_visits.key_visit)
                as {{ dbt.type_string() }}
            ),
            ''
        ) as time_bucket
    from bucketed
    left join dated_visits
        on bucketed.mention_id = dated_visits.mention_id
    left join article_visits
        on bucketed.fact_type = article_visits.fact_type
        and bucketed.base_key = article_visits.base_key
        and bucketed.time_bucket = article_visits.time_bucket
        and bucketed.article_id = article_visits.article_id
    left join key_visits
        on bucketed.fact_type = key_visits.fact_type
        and bucketed.base_key = key_visits.base_key
        and bucketed.time_bucket = key_visits.time_bucket
)

select
    *,
    left(fact_type, 3) || '_' || left({{ dbt.hash("fact_type || '|' || base_key || '|' || time_bucket") }}, 16) as fact_id
from visited
{%- if incremental %}
where (fact_type, base_key) in (select fact_type, base_key from scope)
-- One row without a mention per group recomputed: the strategy replaces the whole group, including groups
-- whose mentions are all gone.
union all by name
select fact_type, base_key from scope
{%- endif %}
