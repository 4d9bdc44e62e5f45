-- dialect: snowflake
select * rename (zip as postal_code) from pos.stores
