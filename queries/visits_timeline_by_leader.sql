-- Visits timeline per leader: each leader's visits in date order, with the number of the visit and
-- the days since the previous one. The date is the visit's own date when the articles state one,
-- else the date it was first reported (`dated_by` says which). Add e.g.
-- `where visitor_name = 'Vladimir Putin'` to the outer query for one leader.
with visits as (
    select
        visits.visitor_name,
        visits.visitor_country_code,
        visitor.name as visitor_country,
        visits.host_country_code,
        host.name as host_country,
        visits.city,
        coalesce(visits.visit_date, visits.first_published_date) as timeline_date,
        case
            when visits.visit_date is not null then 'visit date'
            when visits.first_published_date is not null then 'first reported'
        end as dated_by,
        visits.date_precision,
        visits.article_count
    from marts.fct_visits as visits
    left join marts.dim_countries as visitor on visits.visitor_country_code = visitor.country_code
    left join marts.dim_countries as host on visits.host_country_code = host.country_code
)

select
    *,
    row_number() over leader_visits as visit_number,
    timeline_date - lag(timeline_date) over leader_visits as days_since_previous_visit
from visits
window leader_visits as (partition by visitor_name order by timeline_date nulls last, host_country_code)
order by visitor_name, visit_number;
