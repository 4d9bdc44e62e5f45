select
  customer_id,
  ordered_at,
  amount,
  sum(amount) over (partition by customer_id order by ordered_at rows unbounded preceding) as running_total
from pos.orders
