{#- A date spine: a query with one row per point in time, in a date column
    `spine_date`, from `start` to `end` (SQL expressions of a date; `end` is
    included when it falls on a point), one `grain` (day, week, month,
    quarter or year) apart. Points are counted from `start` (start + n
    grains), so a monthly spine from the 31st keeps to month ends. -#}
{% macro date_spine(start, end, grain) -%}
  {{ return(adapter.dispatch('date_spine')(start, end, grain)) }}
{%- endmacro %}

{% macro default__date_spine(start, end, grain) -%}
select spine_date
    from (
        select
            cast(bounds.spine_start + steps.step * interval '1 {{ grain }}' as date) as spine_date,
            bounds.spine_end
        from (
            select
                cast({{ start }} as date) as spine_start,
                cast({{ end }} as date) as spine_end
        ) as bounds,
            range(0, date_diff('{{ grain }}', bounds.spine_start, bounds.spine_end) + 1) as steps (step)
    ) as points
    where spine_date <= spine_end
{%- endmacro %}

{% macro duckdb__date_spine(start, end, grain) -%}
  {{ default__date_spine(start, end, grain) }}
{%- endmacro %}

{% macro snowflake__date_spine(start, end, grain) -%}
select spine_date
    from (
        select
            cast(dateadd({{ grain }}, steps.index, bounds.spine_start) as date) as spine_date,
            bounds.spine_end
        from (
            select
                cast({{ start }} as date) as spine_start,
                cast({{ end }} as date) as spine_end
        ) as bounds,
            lateral flatten(input => array_generate_range(0, datediff({{ grain }}, bounds.spine_start, bounds.spine_end) + 1)) as steps
    ) as points
    where spine_date <= spine_end
{%- endmacro %}

{#- Whole days from `start` to `end` (dates or timestamps; the time of day
    is ignored), negative when `end` is earlier. -#}
{% macro days_between(start, end) -%}
  {{ return(adapter.dispatch('days_between')(start, end)) }}
{%- endmacro %}

{% macro default__days_between(start, end) -%}
  date_diff('day', cast({{ start }} as date), cast({{ end }} as date))
{%- endmacro %}

{% macro duckdb__days_between(start, end) -%}
  {{ default__days_between(start, end) }}
{%- endmacro %}

{% macro snowflake__days_between(start, end) -%}
  datediff(day, cast({{ start }} as date), cast({{ end }} as date))
{%- endmacro %}
