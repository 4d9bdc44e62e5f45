[#- MRT metric: one measure by dimensions and time grain. Context: model,
    params, source (the model measured), projected (what the measured rows
    carry: the period start, dimensions and the measured column; empty when
    only rows are counted), filter (SQL condition or empty), selected (the
    grouping columns and the measure), group_by (empty over all time
    without dimensions). -#]
{{ config(materialized='[[ model.materialization ]]') }}

with measured_rows as (

[% if projected %]
    select
[% for c in projected %]
        [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
    from {{ ref('[[ source ]]') }}
[% else %]
    [#- Counting rows over all time: nothing to carry but the rows. #]
    select * from {{ ref('[[ source ]]') }}
[% endif %]
[% if filter %]
    where [[ filter ]]
[% endif %]

)

select
[% for c in selected %]
    [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
from measured_rows
[% if group_by %]
group by [[ group_by ]]
[% endif %]
