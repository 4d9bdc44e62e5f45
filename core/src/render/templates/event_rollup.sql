[#- AIN event_rollup: events aggregated per object and period. Context:
    model, params, events (the event model), hash_key (the object's hash key
    column), projected (what the events CTE selects: the hash key, the period
    start and the columns measured), aggregated (the hash key, the period
    start and each measure as `expression as name`). -#]
{{ config(materialized='[[ model.materialization ]]') }}

with events as (

    select
[% for c in projected %]
        [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
    from {{ ref('[[ events ]]') }}
    -- events tied to no [[ params.object ]] belong to no rollup row
    where [[ hash_key ]] is not null

)

select
[% for c in aggregated %]
    [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
from events
group by [[ hash_key ]], period_start
