-- dialect: snowflake
select * ilike '%_id' from pos.orders
