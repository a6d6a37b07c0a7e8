{#-
    SQL that differs between engines, behind adapter.dispatch so the models build unchanged on
    DuckDB (the pipeline's warehouse) and on Apache Spark (tests/test_dbt_spark.py; see
    docs/scaling.md). Each macro has a DuckDB implementation that compiles to exactly the SQL the
    models used before, a Spark one, and an ANSI-leaning default for other engines. dbt's own
    cross-database macros (dbt.hash, dbt.any_value, dbt.type_string) cover the rest.
-#}

{#- The elements of an array of strings joined with a separator ("IND+RUS"). -#}
{% macro array_to_string(array, separator) -%}
    {{ return(adapter.dispatch('array_to_string', 'chancery')(array, separator)) }}
{%- endmacro %}

{% macro default__array_to_string(array, separator) -%}
    array_to_string({{ array }}, {{ separator }})
{%- endmacro %}

{% macro spark__array_to_string(array, separator) -%}
    array_join({{ array }}, {{ separator }})
{%- endmacro %}


{#- True when the value matches a regular expression anywhere (anchor the pattern to match whole). -#}
{% macro regexp_like(value, pattern) -%}
    {{ return(adapter.dispatch('regexp_like', 'chancery')(value, pattern)) }}
{%- endmacro %}

{% macro default__regexp_like(value, pattern) -%}
    regexp_like({{ value }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regexp_like(value, pattern) -%}
    regexp_matches({{ value }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regexp_like(value, pattern) -%}
    ({{ value }} rlike {{ pattern }})
{%- endmacro %}


{#-
    The value on the row where key is largest / smallest (an aggregate; rows whose key is null are skipped).
    Rows with the same key are told apart by the value itself (the largest / smallest wins), so a rebuild
    gives the same answer whatever order the rows arrive in: on DuckDB and Spark, which order structs.
-#}
{% macro max_by(value, key) -%}
    {{ return(adapter.dispatch('max_by', 'chancery')(value, key)) }}
{%- endmacro %}

{% macro default__max_by(value, key) -%}
    max_by({{ value }}, {{ key }})
{%- endmacro %}

{% macro duckdb__max_by(value, key) -%}
    arg_max({{ value }}, case when ({{ key }}) is not null then ({{ key }}, {{ value }}) end)
{%- endmacro %}

{% macro spark__max_by(value, key) -%}
    max_by({{ value }}, case when ({{ key }}) is not null then struct({{ key }}, {{ value }}) end)
{%- endmacro %}

{% macro min_by(value, key) -%}
    {{ return(adapter.dispatch('min_by', 'chancery')(value, key)) }}
{%- endmacro %}

{% macro default__min_by(value, key) -%}
    min_by({{ value }}, {{ key }})
{%- endmacro %}

{% macro duckdb__min_by(value, key) -%}
    arg_min({{ value }}, case when ({{ key }}) is not null then ({{ key }}, {{ value }}) end)
{%- endmacro %}

{% macro spark__min_by(value, key) -%}
    min_by({{ value }}, case when ({{ key }}) is not null then struct({{ key }}, {{ value }}) end)
{%- endmacro %}


{#-
    The most frequent non-null value (an aggregate). On a tie the smallest value wins (DuckDB, and the
    ordered-set form elsewhere); Spark 3.5's mode has no such rule.
-#}
{% macro mode(value) -%}
    {{ return(adapter.dispatch('mode', 'chancery')(value)) }}
{%- endmacro %}

{% macro default__mode(value) -%}
    mode() within group (order by {{ value }})
{%- endmacro %}

{% macro duckdb__mode(value) -%}
    mode({{ value }} order by {{ value }})
{%- endmacro %}

{% macro spark__mode(value) -%}
    {#- Spark 3.5's mode settles a tie arbitrarily: the most frequent value, a tie to the lowest, as on DuckDB. -#}
    element_at(array_sort(transform(array_distinct(collect_list({{ value }})),
        v -> named_struct('n', -size(filter(collect_list({{ value }}), w -> w = v)), 'v', v))), 1).v
{%- endmacro %}


{#- One row per element of an array, in a select list (`select id, {{ array_elements('codes') }} as code`). -#}
{% macro array_elements(array) -%}
    {{ return(adapter.dispatch('array_elements', 'chancery')(array)) }}
{%- endmacro %}

{% macro default__array_elements(array) -%}
    unnest({{ array }})
{%- endmacro %}

{% macro spark__array_elements(array) -%}
    explode({{ array }})
{%- endmacro %}


{#- The number of elements of an array. -#}
{% macro array_size(array) -%}
    {{ return(adapter.dispatch('array_size', 'chancery')(array)) }}
{%- endmacro %}

{% macro default__array_size(array) -%}
    cardinality({{ array }})
{%- endmacro %}

{% macro duckdb__array_size(array) -%}
    len({{ array }})
{%- endmacro %}

{% macro spark__array_size(array) -%}
    size({{ array }})
{%- endmacro %}
