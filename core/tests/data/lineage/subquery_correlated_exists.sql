select c.customer_id, c.email
from crm.customers c
where exists (
  select 1 from pos.orders o where o.customer_id = c.customer_id and o.amount > 100
)
