[#- ANA state_history: each object's state at every point of a date spine.
    Context: model, params, object_model, states_cte (the CTE of the
    object's states), spine (the date_spine macro call), selected (the
    output columns, qualified and aliased). -#]
{{ config(materialized='[[ model.materialization ]]') }}

with [[ states_cte ]] as (

    select * from {{ ref('[[ object_model ]]') }}

),

as_of_dates as (

    [[ spine ]]

)

select
[% for c in selected %]
    [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
from as_of_dates
-- the state in effect at the start of each day; an object appears from its first state on
inner join [[ states_cte ]]
    on [[ states_cte ]].valid_from <= cast(as_of_dates.spine_date as timestamp)
    and (
        [[ states_cte ]].valid_to is null
        or [[ states_cte ]].valid_to > cast(as_of_dates.spine_date as timestamp)
    )
