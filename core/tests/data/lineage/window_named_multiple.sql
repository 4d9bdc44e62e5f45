select
  order_id,
  sum(amount) over w_running as running_amount,
  count(*) over w_all as customer_orders
from pos.orders
window
  w_all as (partition by customer_id),
  w_running as (w_all order by ordered_at)
