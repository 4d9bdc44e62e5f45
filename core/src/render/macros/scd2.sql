{#- SCD2 validity (type 2 history) over `relation`, which holds at most one
    row per `key` and point in time (`valid_from`). Consecutive rows of a key
    whose `change` column (a hash diff) is the same collapse into one state
    that starts at the first of them; a state is valid until the next one of
    its key starts (`valid_to`, NULL for the latest) and `is_current` marks
    the latest. A query with the relation's columns plus valid_to and
    is_current, indented for the body of a CTE. -#}
{% macro scd2(relation, key, change='hash_diff', valid_from='valid_from') -%}
  {{ return(adapter.dispatch('scd2')(relation, key, change, valid_from)) }}
{%- endmacro %}

{% macro default__scd2(relation, key, change, valid_from) -%}
select
        *,
        lead({{ valid_from }}) over (
            partition by {{ key }} order by {{ valid_from }}
        ) as valid_to,
        lead({{ valid_from }}) over (
            partition by {{ key }} order by {{ valid_from }}
        ) is null as is_current
    from (
        select *
        from {{ relation }}
        qualify {{ change }} is distinct from lag({{ change }}) over (
            partition by {{ key }} order by {{ valid_from }}
        )
    ) as changes
{%- endmacro %}

{% macro duckdb__scd2(relation, key, change, valid_from) -%}
  {{ default__scd2(relation, key, change, valid_from) }}
{%- endmacro %}

{% macro snowflake__scd2(relation, key, change, valid_from) -%}
  {{ default__scd2(relation, key, change, valid_from) }}
{%- endmacro %}
