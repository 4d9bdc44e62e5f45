-- dialect: snowflake
select
  customer_id,
  object_construct('name', name, 'email', email) as contact,
  array_construct(country, 'global') as regions
from crm.customers
