-- Every fact with the sentences that state it, and the article each sentence comes from: the way
-- to check a fact, or to quote it.
with facts as (
    select
        'agreement' as fact_type,
        agreement_id as fact_id,
        array_to_string(party_codes, ' + ') || ': ' || status || coalesce(' — ' || subject_key, '') as fact
    from marts.fct_agreements
    union all
    select
        'visit',
        visit_id,
        visitor_name || ' (' || visitor_country_code || ') visits ' || host_country_code || coalesce(', ' || city, '')
    from marts.fct_visits
    union all
    select
        'sanction',
        sanction_id,
        imposer_code || ' → ' || target_code || ': ' || status || coalesce(' (' || legal_basis || ')', '')
    from marts.fct_sanctions
)

select
    facts.fact_type,
    facts.fact_id,
    facts.fact,
    mentions.trigger_text,
    mentions.sentence_text,
    articles.title as article_title,
    articles.published_date as article_published,
    articles.source_uri as article_source
from facts
inner join marts.fct_fact_mentions as mentions
    on facts.fact_id = mentions.fact_id and facts.fact_type = mentions.fact_type
inner join marts.dim_articles as articles on mentions.article_id = articles.article_id
order by facts.fact_type, facts.fact_id, articles.published_date, mentions.sentence_index;
