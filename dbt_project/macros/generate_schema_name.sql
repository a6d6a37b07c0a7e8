{#- Use folder schemas as named (staging, intermediate, marts, reference) rather than
    dbt's default "<target>_<custom>", so analysts query marts.fct_agreements. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
