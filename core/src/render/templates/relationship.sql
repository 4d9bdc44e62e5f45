[#- VLT relationship: the link from object A to object B as SCD2 states per
    A. Context: params, model, incremental (built as an incremental table),
    input (the input model), keys (the key columns of both objects), valid_from
    (the expression of a row's start), required (the conditions a row must
    meet to be kept), from_hk/to_hk (the hash key columns) with from_hash,
    to_hash and link_hash (their dbt expressions). -#]
[% if incremental %]
{{
    config(
        materialized='incremental',
        unique_key=['[[ from_hk ]]', 'valid_from'],
        incremental_strategy='delete+insert'
    )
}}
[% else %]
{{ config(materialized='[[ model.materialization ]]') }}
[% endif %]

with source as (

    select
[% for c in keys %]
        [[ c ]],
[% endfor %]
        [[ valid_from ]] as valid_from
    from {{ ref('[[ input ]]') }}
    where [[ required | join('\n        and ') ]]
[% if incremental %]
{% if is_incremental() %}
        -- only rows newer than everything already loaded
        and [[ valid_from ]] > (
            select coalesce(max(valid_from), cast('1900-01-01' as timestamp)) from {{ this }}
        )
{% endif %}
[% endif %]

),

hashed as (

    select
        [[ from_hash ]] as [[ from_hk ]],
        [[ to_hash ]] as [[ to_hk ]],
        [[ link_hash ]] as link_hk,
        valid_from
    from source

),

deduplicated as (

    -- one row per object and point in time; rows that disagree at the same
    -- time are settled by their link hash, so every build keeps the same one
    select *
    from hashed
    qualify row_number() over (
        partition by [[ from_hk ]], valid_from
        order by link_hk
    ) = 1

),

[% if incremental %]
candidates as (

    select * from deduplicated
{% if is_incremental() %}

    union all

    -- the current link of each object with new rows, rebuilt with them so
    -- that its valid_to and is_current are rewritten
    select
        [[ from_hk ]],
        [[ to_hk ]],
        link_hk,
        valid_from
    from {{ this }}
    where is_current
        and [[ from_hk ]] in (select [[ from_hk ]] from deduplicated)
{% endif %}

),

[% endif %]
states as (

    {{ scd2('[[ 'candidates' if incremental else 'deduplicated' ]]', key='[[ from_hk ]]', change='link_hk') }}

)

select * from states
