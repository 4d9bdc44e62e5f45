[#- VIN system_transition: legacy rows before the cut-over, new-system rows
    from it on. Context: params, model, legacy and current (the models),
    legacy_system and current_system (their tags), system_column,
    legacy_columns (select expressions, translated and cast to the new
    system's types), current_columns, time_column (as the legacy select names
    it) and current_time_column, cutover_at (a timestamp expression), key_map
    (none, or its model, key_column, legacy_key and current_key). -#]
{{ config(materialized='[[ model.materialization ]]') }}

with [% if key_map %]key_map as (

    -- one new key per legacy key (the lowest, should the map hold several),
    -- so that no legacy row is duplicated
    select
        [[ key_map.legacy_key ]] as legacy_key,
        [[ key_map.current_key ]] as current_key
    from {{ ref('[[ key_map.model ]]') }}
    where [[ key_map.legacy_key ]] is not null
        and [[ key_map.current_key ]] is not null
    qualify row_number() over (
        partition by [[ key_map.legacy_key ]]
        order by [[ key_map.current_key ]]
    ) = 1

),

[% endif %]
legacy_rows as (

    -- the legacy system until the cut-over[% if key_map %], [[ key_map.key_column ]] translated
    -- where the key map knows it[% endif %]

    select
        '[[ legacy_system ]]' as [[ system_column ]],
[% for c in legacy_columns %]
        [[ c ]][[ '' if loop.last else ',' ]]
[% endfor %]
[% if key_map %]
    from {{ ref('[[ legacy ]]') }} as legacy
    left join key_map
        on legacy.[[ key_map.key_column ]] = key_map.legacy_key
[% else %]
    from {{ ref('[[ legacy ]]') }}
[% endif %]
    where [[ time_column ]] < [[ cutover_at ]]

),

current_rows as (

    -- the new system from the cut-over on
    select
        '[[ current_system ]]' as [[ system_column ]],
[% for c in current_columns %]
        [[ c ]][[ '' if loop.last else ',' ]]
[% endfor %]
    from {{ ref('[[ current ]]') }}
    where [[ current_time_column ]] >= [[ cutover_at ]]

)

select * from legacy_rows
union all
select * from current_rows
