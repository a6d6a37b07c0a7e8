{#-
    The column identifies rows: no nulls and no duplicates. One query (one dbt node, one Dagster check)
    where unique and not_null take two; a failing row shows the offending value and how often it occurs.
-#}
{% test primary_key(model, column_name) %}
select {{ column_name }} as key_value, count(*) as occurrences
from {{ model }}
group by {{ column_name }}
having {{ column_name }} is null or count(*) > 1
{% endtest %}
