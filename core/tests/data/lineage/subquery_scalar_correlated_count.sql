select
  c.customer_id,
  (select count(*) from pos.orders o where o.customer_id = c.customer_id) as order_count
from crm.customers c
