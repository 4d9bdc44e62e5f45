[#- VLT event: immutable, deduplicated facts tied to objects. Context: params,
    model, incremental (built as an incremental table), input (the input
    model), read (the input columns used), required (the conditions a row must
    meet to be kept), event_hash (the dbt expression of event_hk), event_key,
    event_time, objects (each hk with its hash expression), values (measures
    and attributes), order_by (how repeated deliveries are ranked), time_floor
    (a time before any event, for an empty table). -#]
[% if incremental %]
{{
    config(
        materialized='incremental',
        unique_key='event_hk',
        incremental_strategy='delete+insert'
    )
}}
[% else %]
{{ config(materialized='[[ model.materialization ]]') }}
[% endif %]

with source as (

    select
[% for c in read %]
        [[ c ]][[ '' if loop.last else ',' ]]
[% endfor %]
    from {{ ref('[[ input ]]') }}
    where [[ required | join('\n        and ') ]]
[% if incremental %]
{% if is_incremental() %}
        -- only events from the latest loaded on (those already loaded are
        -- dropped below)
        and [[ event_time ]] >= (
            select coalesce(max([[ event_time ]]), [[ time_floor ]]) from {{ this }}
        )
{% endif %}
[% endif %]

),

hashed as (

    select
        [[ event_hash ]] as event_hk,
[% for c in event_key %]
        [[ c ]],
[% endfor %]
        [[ event_time ]][[ ',' if objects or values else '' ]]
[% for o in objects %]
        [[ o.hash ]] as [[ o.hk ]][[ ',' if values or not loop.last else '' ]]
[% endfor %]
[% for c in values %]
        [[ c ]][[ '' if loop.last else ',' ]]
[% endfor %]
    from source

),

deduplicated as (

    -- one row per event: the first delivery by event time, ties settled by
    -- the values so that every build keeps the same one
    select *
    from hashed
    qualify row_number() over (
        partition by event_hk
        order by [[ order_by ]]
    ) = 1

)

select * from deduplicated
[% if incremental %]
{% if is_incremental() %}
-- events are immutable: one already loaded is never replaced
where event_hk not in (select event_hk from {{ this }})
{% endif %}
[% endif %]
