select order_id, customer_id,
  row_number() over (partition by customer_id order by ordered_at) as order_seq,
  sum(amount) over (partition by customer_id) as customer_total,
  lag(amount) over (partition by customer_id order by ordered_at) as previous_amount
from pos.orders
