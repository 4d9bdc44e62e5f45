[#- ANA analytic_object: an object's current state with measures over its
    events. Context: model, params, object_model, hash_key, base_cte and
    measures_cte (CTE names), filter_current (the object model keeps
    states, so only current rows are read), events, has_measures, latest
    (the latest event times recency counts to, as `max(t) as latest_t`),
    aggregated (the hash key and each measure as `expression as name`),
    group_by, selected (the output columns, qualified and aliased), columns
    (the object's columns kept, unqualified, for an object without
    measures). -#]
{{ config(materialized='[[ model.materialization ]]') }}

[% if not has_measures %]
select
[% for c in columns %]
    [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
from {{ ref('[[ object_model ]]') }}
[% if filter_current %]
where is_current
[% endif %]
[% else %]
with [[ base_cte ]] as (

    select * from {{ ref('[[ object_model ]]') }}
[% if filter_current %]
    where is_current
[% endif %]

),

events as (

    select * from {{ ref('[[ events ]]') }}

),
[% if latest %]

latest_event as (

    -- recency counts up to the latest event, not to today, so every rebuild agrees
    select
[% for c in latest %]
        [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
    from events

),
[% endif %]

[[ measures_cte ]] as (

    select
[% for c in aggregated %]
        [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
    from events
[% if latest %]
    cross join latest_event
[% endif %]
    where [[ hash_key ]] is not null
    group by [[ group_by ]]

)

select
[% for c in selected %]
    [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
from [[ base_cte ]]
left join [[ measures_cte ]]
    on [[ measures_cte ]].[[ hash_key ]] = [[ base_cte ]].[[ hash_key ]]
[% endif %]
