[#- SRC standardize: one raw table in, one clean table out. Context:
    params (defaults applied), model, system, table, columns (each with the
    expression that cleans and casts it), latest_by and loaded_at (quoted
    raw columns or none), hash_columns (a Jinja list of the kept names). -#]
{{ config(materialized='[[ model.materialization ]]') }}

with source as (

    select * from {{ source('[[ system ]]', '[[ table ]]') }}

),

cleaned as (

    select
[% for c in columns %]
        [[ c.expression ]] as [[ c.name ]],
[% endfor %]
[% if params.dedupe == 'latest' %]
        [[ latest_by ]] as _strata_version,
[% endif %]
        {{ load_time([% if loaded_at %]'[[ loaded_at ]]'[% endif %]) }} as _loaded_at,
        '[[ system ]].[[ table ]]' as _record_source
    from source

),

deduplicated as (

[% if params.dedupe == 'exact' %]
    [#- Exact copies of a row (same values, same load) are one row. #]
    select distinct * from cleaned
[% elif params.dedupe == 'latest' %]
    [#- The newest version of each key wins. #]
    select * exclude (_strata_version)
    from cleaned
    qualify row_number() over (
        partition by [[ params.primary_key | join(', ') ]]
        order by _strata_version desc
    ) = 1
[% else %]
    select * from cleaned
[% endif %]

)

select
    *,
    {{ hash_key([[ hash_columns ]]) }} as _row_hash
from deduplicated
