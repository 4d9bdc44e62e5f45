select
  order_id,
  customer_id,
  ordered_at,
  count(*) over (
    partition by customer_id order by ordered_at
    range between interval '30 days' preceding and current row
  ) as orders_last_30d
from pos.orders
