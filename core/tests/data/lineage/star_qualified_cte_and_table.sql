with latest as (
  select customer_id, max(ordered_at) as last_ordered_at from pos.orders group by customer_id
)
select c.*, latest.last_ordered_at
from crm.customers c
left join latest on latest.customer_id = c.customer_id
