select
  customer_id,
  sum(amount) filter (where status = 'paid') as paid_amount,
  sum(amount) filter (where status = 'refunded') as refunded_amount
from pos.orders
group by customer_id
