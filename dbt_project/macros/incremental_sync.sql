{#-
    The `sync` incremental strategy: the model is computed whole, into a temporary table, and only the
    difference is written. Rows of the table with no identical row under the same key in the new result
    (changed or gone) are deleted, then the new result's rows whose key is no longer in the table (new or
    changed) are inserted. The table ends equal to a full rebuild, while a run that adds one article
    rewrites the few rows it touches instead of every row, and skips the swap of a rebuilt table (whose
    checkpoint is most of a rebuild's cost). Rows are compared by a hash of every column, named in a
    fixed order. `dbt build --full-refresh` rebuilds the tables.

    Only DuckDB runs it (dbt_project.yml makes these models tables on other engines, e.g. Spark, whose
    Parquet tables cannot delete rows).
-#}
{% macro get_incremental_sync_sql(arg_dict) %}
    {{ return(adapter.dispatch('get_incremental_sync_sql')(arg_dict)) }}
{% endmacro %}

{% macro duckdb__get_incremental_sync_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set key = adapter.quote(arg_dict['unique_key']) -%}
    {%- set quoted = [] -%}
    {%- for column in arg_dict['dest_columns'] -%}{%- do quoted.append(adapter.quote(column.name)) -%}{%- endfor -%}
    {%- set columns = quoted | join(', ') -%}
    delete from {{ target }} where {{ key }} in (
        select existing.{{ key }}
        from (select {{ key }}, hash({{ columns }}) as row_hash from {{ target }}) as existing
        anti join (select {{ key }}, hash({{ columns }}) as row_hash from {{ new_rows }}) as candidate
            on candidate.{{ key }} = existing.{{ key }} and candidate.row_hash = existing.row_hash
    );
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }} as candidate
    anti join {{ target }} as existing on existing.{{ key }} = candidate.{{ key }}
{% endmacro %}

{% macro default__get_incremental_sync_sql(arg_dict) %}
    {{ exceptions.raise_compiler_error("the sync incremental strategy is implemented for DuckDB only; build "
                                       "these models as tables on " ~ target.type) }}
{% endmacro %}
