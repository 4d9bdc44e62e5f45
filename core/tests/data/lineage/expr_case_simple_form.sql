select
  order_id,
  case status when 'paid' then 'complete' when 'open' then 'pending' else status end as status_group
from pos.orders
