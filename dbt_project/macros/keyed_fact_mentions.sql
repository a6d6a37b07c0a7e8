{#-
    The CTEs `<name>_keyed`, `<name>_subjects` and `<name>`: the mentions that are not negated (of the articles
    the CTE `only_articles` lists, if given) with their actor_key and base_key, which follow from the mention's
    own article only, and what the clustering reads of their article. Needs a CTE `articles` (article_id,
    published_date, ingested_at, extracted_at). Used by int_fact_mentions_clustered, once more for the changed
    articles on an incremental run.
-#}
{% macro keyed_fact_mentions(name, only_articles=none) %}
{{ name }}_keyed as (
    select
        *,
        case fact_type
            when 'agreement' then {{ array_to_string('party_codes', "'+'") }}
            when 'visit' then visitor_country_code || '>' || host_country_code
            when 'sanction' then imposer_code || '>' || target_code || '|' || status
        end as actor_key
    from {{ ref('stg_landing__fact_mentions') }}
    where not negated
    {%- if only_articles %}
        and article_id in (select article_id from {{ only_articles }})
    {%- endif %}
),

{{ name }}_subjects as (
    select fact_type, article_id, actor_key, min(subject_key) as article_subject_key
    from {{ name }}_keyed
    where subject_key is not null
    group by fact_type, article_id, actor_key
    having count(distinct subject_key) = 1
),

{{ name }} as (
    select
        {%- for column in fact_mention_columns() %}
        {% if column == 'subject_key' -%}
        coalesce(keyed.subject_key, subjects.article_subject_key) as subject_key,
        {%- else -%}
        keyed.{{ column }},
        {%- endif %}
        {%- endfor %}
        keyed.actor_key,
        keyed.actor_key || '|' || coalesce(keyed.subject_key, subjects.article_subject_key, '')
        -- A key numbered by its sentence ("another deal", "new sanctions": 'sanctions#s0') tells statements
        -- apart only within its article: the first sentences of two articles are not the same package.
        || case
            when {{ regexp_like("coalesce(keyed.subject_key, subjects.article_subject_key, '')", "'#s[0-9]+$'") }}
                then '@' || keyed.article_id
            else ''
        end as base_key,
        keyed.fact_type = 'agreement'
        and {{ regexp_like("coalesce(keyed.subject_key, '')", "'^[A-Z]+[0-9]'") }} as timeless,
        extract(year from keyed.event_date) as event_year,
        articles.published_date,
        articles.ingested_at,
        articles.extracted_at
    from {{ name }}_keyed as keyed
    inner join articles
        on keyed.article_id = articles.article_id
    left join {{ name }}_subjects as subjects
        on keyed.fact_type = subjects.fact_type
        and keyed.article_id = subjects.article_id
        and keyed.actor_key = subjects.actor_key
)
{% endmacro %}
