-- dialect: snowflake
select customer_id from crm.customers
minus
select customer_id from legacy.customers
