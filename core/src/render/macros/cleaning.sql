{#- Text cleaning for the SRC layer: trim surrounding whitespace and turn
    empty strings into NULL, as chosen per column. -#}

{% macro clean_text(column, trim=true, empty_as_null=true) -%}
  {{ return(adapter.dispatch('clean_text')(column, trim, empty_as_null)) }}
{%- endmacro %}

{% macro default__clean_text(column, trim, empty_as_null) -%}
  {%- set value = 'trim(' ~ column ~ ')' if trim else column -%}
  {%- if empty_as_null -%} nullif({{ value }}, '') {%- else -%} {{ value }} {%- endif -%}
{%- endmacro %}

{% macro duckdb__clean_text(column, trim, empty_as_null) -%}
  {{ default__clean_text(column, trim, empty_as_null) }}
{%- endmacro %}

{% macro snowflake__clean_text(column, trim, empty_as_null) -%}
  {%- set value = 'trim(' ~ column ~ ')' if trim else column -%}
  {%- if empty_as_null -%} nullif({{ value }}, '') {%- else -%} {{ value }} {%- endif -%}
{%- endmacro %}

{#- The time a row was loaded: the raw column when there is one, the build
    time otherwise. -#}
{% macro load_time(column=none) -%}
  {{ return(adapter.dispatch('load_time')(column)) }}
{%- endmacro %}

{% macro default__load_time(column) -%}
  {%- if column -%} cast({{ column }} as timestamp) {%- else -%} current_timestamp {%- endif -%}
{%- endmacro %}

{% macro duckdb__load_time(column) -%}
  {%- if column -%} cast({{ column }} as timestamp) {%- else -%} cast(current_timestamp as timestamp) {%- endif -%}
{%- endmacro %}

{% macro snowflake__load_time(column) -%}
  {%- if column -%} cast({{ column }} as timestamp_ntz) {%- else -%} cast(current_timestamp() as timestamp_ntz) {%- endif -%}
{%- endmacro %}
