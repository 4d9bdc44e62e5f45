select
  coalesce(c.customer_id, l.customer_id) as customer_id,
  coalesce(c.email, l.email) as email,
  c.customer_id is not null as in_crm,
  l.customer_id is not null as in_legacy
from crm.customers c
full outer join legacy.customers l on l.customer_id = c.customer_id
