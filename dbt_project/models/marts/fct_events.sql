-- One row per fact of fct_agreements, fct_visits and fct_sanctions in the shape of GDELT's and ICEWS's event
-- tables: actor 1 does the event to actor 2, with CAMEO/PLOVER codes, Goldstein score, counts and coordinates.
-- An agreement of three or more parties becomes one row per pair of parties (event_id repeats; event_row_id
-- does not), as dyadic event data records it.
with agreement_parties as (
    select agreement_id, {{ array_elements('party_codes') }} as party_code
    from {{ ref('fct_agreements') }}
),

agreement_pairs as (
    select party_a.agreement_id, party_a.party_code as actor1_code, party_b.party_code as actor2_code
    from agreement_parties as party_a
    inner join agreement_parties as party_b
        on party_a.agreement_id = party_b.agreement_id and party_a.party_code < party_b.party_code
    union all
    -- A deal whose other parties were not resolved still counts, with no actor 2.
    select agreement_id, party_code, cast(null as {{ dbt.type_string() }})
    from agreement_parties
    where agreement_id in (
        select agreement_id from {{ ref('fct_agreements') }} where {{ array_size('party_codes') }} = 1
    )
),

facts as (
    select
        agreements.agreement_id as event_id,
        'agreement' as event_type,
        agreements.status,
        agreements.agreement_date as event_date,
        agreements.date_precision,
        agreements.first_published_date,
        pairs.actor1_code,
        cast(null as {{ dbt.type_string() }}) as actor1_person,
        pairs.actor2_code,
        {{ array_size('agreements.party_codes') }} as party_count,
        agreements.cameo_code,
        agreements.plover_type,
        agreements.article_count,
        agreements.mention_count,
        cast(null as {{ dbt.type_string() }}) as city,
        cast(null as {{ dbt.type_string() }}) as country_code,
        agreements.first_seen_at
    from {{ ref('fct_agreements') }} as agreements
    inner join agreement_pairs as pairs on agreements.agreement_id = pairs.agreement_id
    union all
    select
        visit_id,
        'visit',
        cast(null as {{ dbt.type_string() }}),
        visit_date,
        date_precision,
        first_published_date,
        visitor_country_code,
        visitor_name,
        host_country_code,
        2,
        cameo_code,
        plover_type,
        article_count,
        mention_count,
        city,
        host_country_code,
        first_seen_at
    from {{ ref('fct_visits') }}
    union all
    select
        sanction_id,
        'sanction',
        status,
        sanction_date,
        date_precision,
        first_published_date,
        imposer_code,
        cast(null as {{ dbt.type_string() }}),
        target_code,
        2,
        cameo_code,
        plover_type,
        article_count,
        mention_count,
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        first_seen_at
    from {{ ref('fct_sanctions') }}
),

-- The web address (or, for a file, the path) of the earliest published article stating each fact.
first_sources as (
    select
        mentions.fact_id,
        {{ min_by('coalesce(articles.canonical_url, articles.source_uri)',
                  'coalesce(articles.published_date, cast(articles.ingested_at as date))') }} as first_source_url
    from {{ ref('fct_fact_mentions') }} as mentions
    inner join {{ ref('dim_articles') }} as articles on mentions.article_id = articles.article_id
    group by mentions.fact_id
)

select
    case
        when facts.party_count > 2 then facts.event_id || ':' || facts.actor1_code || '-' || facts.actor2_code
        else facts.event_id
    end as event_row_id,
    facts.event_id,
    facts.event_type,
    facts.status,
    facts.event_date,
    facts.date_precision,
    facts.first_published_date as first_reported_date,
    facts.actor1_code,
    coalesce(facts.actor1_person, actor1.short_name) as actor1_name,
    facts.actor2_code,
    actor2.short_name as actor2_name,
    cast(facts.party_count as integer) as party_count,
    facts.cameo_code,
    substr(facts.cameo_code, 1, 3) as cameo_base,
    substr(facts.cameo_code, 1, 2) as cameo_root,
    facts.plover_type,
    -- GDELT's QuadClass: verbal cooperation (CAMEO roots 01-05), material cooperation (06-08), verbal conflict
    -- (09-13), material conflict (14-20).
    case
        when cast(substr(facts.cameo_code, 1, 2) as integer) between 1 and 5 then 1
        when cast(substr(facts.cameo_code, 1, 2) as integer) between 6 and 8 then 2
        when cast(substr(facts.cameo_code, 1, 2) as integer) between 9 and 13 then 3
        when cast(substr(facts.cameo_code, 1, 2) as integer) between 14 and 20 then 4
    end as quad_class,
    goldstein.goldstein_scale,
    facts.article_count as num_articles,
    facts.mention_count as num_mentions,
    first_sources.first_source_url,
    facts.city,
    facts.country_code,
    -- A visit is placed at its city, read in the host country; without a (known) city, at the host's centroid.
    -- Agreements and sanctions state no place: their actors' coordinates are in actor1_/actor2_latitude.
    case
        when city.latitude is not null then 'city'
        when facts.country_code is not null then 'country'
    end as geo_type,
    coalesce(city.latitude, place_country.latitude) as latitude,
    coalesce(city.longitude, place_country.longitude) as longitude,
    actor1_place.latitude as actor1_latitude,
    actor1_place.longitude as actor1_longitude,
    actor2_place.latitude as actor2_latitude,
    actor2_place.longitude as actor2_longitude,
    facts.first_seen_at
from facts
left join {{ ref('cameo_goldstein') }} as goldstein on facts.cameo_code = goldstein.cameo_code
left join {{ ref('dim_countries') }} as actor1 on facts.actor1_code = actor1.country_code
left join {{ ref('dim_countries') }} as actor2 on facts.actor2_code = actor2.country_code
left join {{ ref('gazetteer_cities') }} as city
    on facts.city = city.city and facts.country_code = city.country_code
left join {{ ref('gazetteer_countries') }} as place_country on facts.country_code = place_country.country_code
left join {{ ref('gazetteer_countries') }} as actor1_place on facts.actor1_code = actor1_place.country_code
left join {{ ref('gazetteer_countries') }} as actor2_place on facts.actor2_code = actor2_place.country_code
left join first_sources on facts.event_id = first_sources.fact_id
