select c.customer_id,
  (select max(o.ordered_at) from pos.orders o where o.customer_id = c.customer_id) as last_order_at
from crm.customers c
