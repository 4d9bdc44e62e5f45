[#- MRT output: chosen columns of one model, filtered and ordered. Context:
    model, params, input (the model cut from), selected (the columns in
    order), filter (SQL condition or empty), order_by (empty or a column
    list; every column when there is a limit but no order), limit (a number
    or none). -#]
{{ config(materialized='[[ model.materialization ]]') }}

select
[% for c in selected %]
    [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
from {{ ref('[[ input ]]') }}
[% if filter %]
where [[ filter ]]
[% endif %]
[% if order_by %]
order by [[ order_by ]]
[% endif %]
[% if limit %]
limit [[ limit ]]
[% endif %]
