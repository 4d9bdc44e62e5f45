[#- AIN denormalize: an object's current state with columns of related
    objects. Context: model, params, object, object_model, hash_key,
    base_cte (the CTE of the object's current rows), follows (per
    relationship: relationship, related, related_key, links_cte,
    related_cte, related_columns), selected (the output columns, qualified
    and aliased). -#]
{{ config(materialized='[[ model.materialization ]]') }}

with [[ base_cte ]] as (

    select * from {{ ref('[[ object_model ]]') }}
    where is_current

),
[% for f in follows %]

[[ f.links_cte ]] as (

    select
        [[ hash_key ]],
        [[ f.related_key ]]
    from {{ ref('[[ f.relationship ]]') }}
    where is_current

),

[[ f.related_cte ]] as (

    select
[% for c in f.related_columns %]
        [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
    from {{ ref('[[ f.related ]]') }}
    where is_current

)[[ "," if not loop.last else "" ]]
[% endfor %]

select
[% for c in selected %]
    [[ c ]][[ "," if not loop.last else "" ]]
[% endfor %]
from [[ base_cte ]]
[% for f in follows %]
left join [[ f.links_cte ]]
    on [[ f.links_cte ]].[[ hash_key ]] = [[ base_cte ]].[[ hash_key ]]
left join [[ f.related_cte ]]
    on [[ f.related_cte ]].[[ f.related_key ]] = [[ f.links_cte ]].[[ f.related_key ]]
[% endfor %]
