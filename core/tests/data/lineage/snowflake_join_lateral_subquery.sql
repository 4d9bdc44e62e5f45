-- dialect: snowflake
select c.customer_id, last_order.ordered_at
from crm.customers c,
lateral (
  select max(o.ordered_at) as ordered_at from pos.orders o where o.customer_id = c.customer_id
) last_order
