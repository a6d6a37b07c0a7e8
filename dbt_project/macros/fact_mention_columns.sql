{#-
    The columns of a fact mention, in one place: landing.fact_mentions as the extractor writes it
    (pipeline/extract/mentions.py), passed on by stg_landing__fact_mentions and read by the clustering.
-#}
{% macro fact_mention_columns() -%}
    {{ return([
        'mention_id', 'article_id', 'sentence_index', 'fact_type', 'start_char', 'end_char', 'trigger_text',
        'status', 'negated', 'party_codes', 'subject', 'subject_key', 'value_usd', 'event_date', 'date_precision',
        'visitor_name', 'visitor_country_code', 'host_country_code', 'city', 'imposer_code', 'target_code',
        'legal_basis', 'reason'
    ]) }}
{%- endmacro %}
