{#- Hash keys and hash diffs: SHA-256 over the text of each column, NULLs
    replaced by a marker and columns joined by a separator, so ('a', 'bc') and
    ('ab', 'c') never collide and a NULL differs from an empty string. -#}

{% macro hash_key(columns) -%}
  {{ return(adapter.dispatch('hash_key')(columns)) }}
{%- endmacro %}

{% macro default__hash_key(columns) -%}
  sha256(concat_ws('||', {% for c in columns %}coalesce(cast({{ c }} as varchar), '^^'){% if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}

{% macro duckdb__hash_key(columns) -%}
  sha256(concat_ws('||', {% for c in columns %}coalesce(cast({{ c }} as varchar), '^^'){% if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}

{% macro snowflake__hash_key(columns) -%}
  sha2(concat_ws('||', {% for c in columns %}coalesce(to_varchar({{ c }}), '^^'){% if not loop.last %}, {% endif %}{% endfor %}), 256)
{%- endmacro %}

{#- A hash diff is a hash key over the tracked attributes: it changes exactly
    when one of them changes. -#}
{% macro hash_diff(columns) -%}
  {{ return(adapter.dispatch('hash_diff')(columns)) }}
{%- endmacro %}

{% macro default__hash_diff(columns) -%}
  {{ hash_key(columns) }}
{%- endmacro %}

{% macro duckdb__hash_diff(columns) -%}
  {{ duckdb__hash_key(columns) }}
{%- endmacro %}

{% macro snowflake__hash_diff(columns) -%}
  {{ snowflake__hash_key(columns) }}
{%- endmacro %}
