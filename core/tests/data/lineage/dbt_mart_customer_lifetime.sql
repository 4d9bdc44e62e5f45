with orders as (
  select * from pos.orders where status = 'paid'
),
customer_totals as (
  select customer_id, count(*) as order_count, sum(amount) as lifetime_value, max(ordered_at) as last_ordered_at
  from orders
  group by customer_id
)
select
  c.customer_id,
  c.name,
  c.country,
  coalesce(t.order_count, 0) as order_count,
  coalesce(t.lifetime_value, 0) as lifetime_value,
  t.last_ordered_at,
  case when t.order_count > 1 then 'returning' else 'new' end as customer_type
from crm.customers c
left join customer_totals t using (customer_id)
