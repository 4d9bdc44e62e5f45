select order_id,
  case when status = 'paid' then amount when status = 'refunded' then -amount else 0 end as signed_amount
from pos.orders
