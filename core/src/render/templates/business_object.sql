[#- VLT business_object: one row per state of each object (SCD2). Context:
    params, model, incremental (built as an incremental table), input (the
    input model), hk (the hash key column), business_key and attributes
    (input columns), valid_from (the expression of a row's start), required
    (the conditions a row must meet to be kept), hash_key and hash_diff (Jinja
    lists of the columns each hashes). -#]
[% if incremental %]
{{
    config(
        materialized='incremental',
        unique_key=['[[ hk ]]', 'valid_from'],
        incremental_strategy='delete+insert'
    )
}}
[% else %]
{{ config(materialized='[[ model.materialization ]]') }}
[% endif %]

with source as (

    select
[% for c in business_key + attributes %]
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
        {{ hash_key([[ hash_key ]]) }} as [[ hk ]],
[% for c in business_key + attributes %]
        [[ c ]],
[% endfor %]
        {{ hash_diff([[ hash_diff ]]) }} as hash_diff,
        valid_from
    from source

),

deduplicated as (

    -- one row per object and point in time; rows that disagree at the same
    -- time are settled by their hash diff, so every build keeps the same one
    select *
    from hashed
    qualify row_number() over (
        partition by [[ hk ]], valid_from
        order by hash_diff
    ) = 1

),

[% if incremental %]
candidates as (

    select * from deduplicated
{% if is_incremental() %}

    union all

    -- the current state of each object with new rows, rebuilt with them so
    -- that its valid_to and is_current are rewritten
    select
        [[ hk ]],
[% for c in business_key + attributes %]
        [[ c ]],
[% endfor %]
        hash_diff,
        valid_from
    from {{ this }}
    where is_current
        and [[ hk ]] in (select [[ hk ]] from deduplicated)
{% endif %}

),

[% endif %]
states as (

    {{ scd2('[[ 'candidates' if incremental else 'deduplicated' ]]', key='[[ hk ]]', change='hash_diff') }}

)

select * from states
