-- dialect: snowflake
select * exclude (email, created_at) from crm.customers
