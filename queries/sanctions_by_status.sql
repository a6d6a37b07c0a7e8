-- Sanctions by status, in the order a sanction moves through them (threatened → imposed →
-- waiver sought → waived → lifted): how many, between whom, and when.
select
    status,
    count(*) as sanctions,
    count(distinct imposer_code) as imposers,
    count(distinct target_code) as targets,
    string_agg(distinct imposer_code || ' → ' || target_code, ', ' order by imposer_code || ' → ' || target_code)
        as imposer_to_target,
    min(coalesce(sanction_date, first_published_date)) as earliest,
    max(coalesce(sanction_date, first_published_date)) as latest,
    -- BIGINT, not the INT128 a sum of BIGINTs gives: some BI drivers cannot read INT128.
    cast(sum(article_count) as bigint) as articles
from marts.fct_sanctions
group by status
order by
    case status
        when 'threatened' then 1 when 'imposed' then 2 when 'waiver_sought' then 3
        when 'waived' then 4 when 'lifted' then 5 else 6
    end;
