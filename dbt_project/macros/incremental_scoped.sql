{#-
    The `scoped` incremental strategy, for a model whose rows fall into groups that it computes whole or not at
    all: its incremental SQL returns only the rows of the groups that need computing again, and one row per such
    group whose unique key is null (so that groups left with no row count too). The groups are named by the
    columns the model's meta `scope_by` lists. Each run deletes those groups' rows and inserts the new ones;
    every other row stays as it is. The model must compute a group exactly as a full rebuild would: its rows
    may depend on each other, not on other groups. `dbt build --full-refresh` rebuilds the table.

    Only DuckDB runs it, as the `sync` strategy (macros/incremental_sync.sql).
-#}
{% macro get_incremental_scoped_sql(arg_dict) %}
    {{ return(adapter.dispatch('get_incremental_scoped_sql')(arg_dict)) }}
{% endmacro %}

{% macro duckdb__get_incremental_scoped_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set key = adapter.quote(arg_dict['unique_key']) -%}
    {%- set scope_by = config.get('meta', {}).get('scope_by') -%}
    {%- if not scope_by -%}
        {{ exceptions.raise_compiler_error("the scoped incremental strategy needs the model's meta scope_by: the "
                                           "columns that name its groups") }}
    {%- endif -%}
    {%- set scope = [] -%}{%- for column in scope_by -%}{%- do scope.append(adapter.quote(column)) -%}{%- endfor -%}
    {%- set quoted = [] -%}
    {%- for column in arg_dict['dest_columns'] -%}{%- do quoted.append(adapter.quote(column.name)) -%}{%- endfor -%}
    {%- set columns = quoted | join(', ') -%}
    delete from {{ target }}
    where ({{ scope | join(', ') }}) in (select {{ scope | join(', ') }} from {{ new_rows }});
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }} where {{ key }} is not null
{% endmacro %}

{% macro default__get_incremental_scoped_sql(arg_dict) %}
    {{ exceptions.raise_compiler_error("the scoped incremental strategy is implemented for DuckDB only; build "
                                       "this model as a table on " ~ target.type) }}
{% endmacro %}
