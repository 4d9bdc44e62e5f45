with orders as (
  select order_id, store_id, cast(ordered_at as date) as order_date, amount
  from pos.orders
  where status in ('paid', 'shipped')
)
select
  order_date,
  s.region,
  count(distinct order_id) as orders,
  sum(amount) as revenue,
  avg(amount) as avg_order_value
from orders
join pos.stores s using (store_id)
group by order_date, s.region
