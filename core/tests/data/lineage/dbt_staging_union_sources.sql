with crm as (
  select customer_id, name, email, 'crm' as source_system from crm.customers
),
legacy as (
  select customer_id, name, email, 'legacy' as source_system from legacy.customers
),
unioned as (
  select * from crm
  union all
  select * from legacy
)
select
  source_system || '-' || customer_id as customer_key,
  customer_id,
  name,
  lower(email) as email,
  source_system
from unioned
