[#- custom_sql: the user's SQL as written, with the model's config. #]
{{ config(materialized='[[ model.materialization ]]') }}

[[ params.sql ]]
