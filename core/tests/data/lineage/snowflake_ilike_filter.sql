-- dialect: snowflake
select customer_id, name from crm.customers where email ilike '%@example.com'
