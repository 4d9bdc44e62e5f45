-- dialect: snowflake
select * rename (customer_id as id) from crm.customers
