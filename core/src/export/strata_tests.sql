{#- Generic data tests for the framework's test kinds that dbt does not ship.
    Each returns the failing rows, as dbt expects: none means the test passes. -#}

{#- No two rows share the same combination of `columns`. -#}
{% test strata_unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- The row count lies within [min, max]; either bound may be left out. -#}
{% test strata_row_count(model, min=none, max=none) %}
select row_count
from (select count(*) as row_count from {{ model }}) counted
where {% if min is not none %}row_count < {{ min }}{% else %}1 = 0{% endif %}
   or {% if max is not none %}row_count > {{ max }}{% else %}1 = 0{% endif %}
{% endtest %}

{#- At least `min_ratio` of the rows have a value in the column. -#}
{% test strata_completeness(model, column_name, min_ratio) %}
select completeness
from (
    select count({{ column_name }}) * 1.0 / nullif(count(*), 0) as completeness
    from {{ model }}
) measured
where completeness < {{ min_ratio }}
{% endtest %}

{#- No two rows are identical in `columns` (every column when empty). -#}
{% test strata_no_duplicates(model, columns=[]) %}
{% if columns %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% else %}
select *, count(*) as occurrences
from {{ model }}
group by all
having count(*) > 1
{% endif %}
{% endtest %}
