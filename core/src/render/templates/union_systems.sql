[#- VIN union_systems: several systems' models of one concept, aligned and
    tagged. Context: params, model, system_column, inputs (each with its
    model, system tag and the select expression of every output column). -#]
{{ config(materialized='[[ model.materialization ]]') }}

[% for i in inputs %]
select
    '[[ i.system ]]' as [[ system_column ]],
[% for e in i.expressions %]
    [[ e ]][[ '' if loop.last else ',' ]]
[% endfor %]
from {{ ref('[[ i.model ]]') }}
[% if not loop.last %]

union all

[% endif %]
[% endfor %]
