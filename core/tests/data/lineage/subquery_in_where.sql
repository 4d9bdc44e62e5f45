select c.customer_id, c.name
from crm.customers c
where c.customer_id in (select customer_id from pos.orders where status = 'paid')
  and not exists (select 1 from legacy.customers l where l.email = c.email)
