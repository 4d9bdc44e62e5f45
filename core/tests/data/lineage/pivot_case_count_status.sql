select
  store_id,
  count(case when status = 'paid' then 1 end) as paid_orders,
  count(case when status = 'refunded' then order_id end) as refunded_orders,
  count(*) as all_orders
from pos.orders
group by store_id
