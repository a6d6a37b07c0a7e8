{#-
    Resolve mentions into real-world facts. A fact is identified by its type, its actors (parties;
    visitor and host; imposer, target and status) and what it is about (subject_key: the deal's
    product or topic, the visiting official, the sanctions' reason). A mention that names no subject takes the
    subject its article gives the same actors, when the article gives exactly one.
    Mentions of a named product (S400, AK203) are one deal whatever the date; otherwise mentions
    are split by event year, and a mention without a date joins the year its own article gives
    the same fact, else the year most mentions give it.

    An incremental run recomputes only the mentions whose fact can have changed. A mention's base_key follows
    from its own article's mentions, its time bucket from the mentions of its group (same fact_type and
    base_key); an article's mentions change only when it is extracted again, with a new extracted_at, or
    removed. So the groups of the changed articles' mentions, before and after, are recomputed whole from
    their articles' mentions, and the `scoped` strategy (macros/incremental_scoped.sql) replaces them.
-#}
{%- set incremental = is_incremental() %}

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
)

select
    *,
    left(fact_type, 3) || '_' || left({{ dbt.hash("fact_type || '|' || base_key || '|' || time_bucket") }}, 16) as fact_id
from bucketed
{%- if incremental %}
where (fact_type, base_key) in (select fact_type, base_key from scope)
-- One row without a mention per group recomputed: the strategy replaces the whole group, including groups
-- whose mentions are all gone.
union all by name
select fact_type, base_key from scope
{%- endif %}
