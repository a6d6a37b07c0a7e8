-- Agreements by pair of countries and year.
-- An agreement between three or more parties counts once for every pair among them. The year is the
-- agreement's own date when the articles state one, else the year it was first reported
-- (`dated_by` says which).
with parties as (
    select agreement_id, status, agreement_date, first_published_date, unnest(party_codes) as country_code
    from marts.fct_agreements
),

pairs as (
    select
        a.agreement_id,
        a.status,
        a.country_code as country_a,
        b.country_code as country_b,
        year(coalesce(a.agreement_date, a.first_published_date)) as year,
        case
            when a.agreement_date is not null then 'agreement date'
            when a.first_published_date is not null then 'first reported'
        end as dated_by
    from parties as a
    inner join parties as b
        on a.agreement_id = b.agreement_id and a.country_code < b.country_code
)

select
    pairs.country_a,
    country_a.name as country_a_name,
    pairs.country_b,
    country_b.name as country_b_name,
    pairs.year,
    pairs.dated_by,
    count(*) as agreements,
    count(*) filter (where pairs.status in ('signed', 'implemented')) as signed_or_implemented,
    string_agg(distinct pairs.status, ', ' order by pairs.status) as statuses
from pairs
left join marts.dim_countries as country_a on pairs.country_a = country_a.country_code
left join marts.dim_countries as country_b on pairs.country_b = country_b.country_code
group by all
order by pairs.year nulls last, agreements desc, pairs.country_a, pairs.country_b;
