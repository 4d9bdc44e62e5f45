select c.customer_id, recent.order_id, recent.amount
from crm.customers c
cross join lateral (
  select o.order_id, o.amount
  from pos.orders o
  where o.customer_id = c.customer_id
  order by o.ordered_at desc
  limit 3
) recent
