-- dialect: snowflake
select id::varchar as customer_key, email from shopify.customers
union all
select to_varchar(customer_id), email from crm.customers
