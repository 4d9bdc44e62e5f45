select
  order_id,
  amount between 10 and 100 as is_mid_size,
  status in ('paid', 'shipped') as is_fulfilled,
  case when store_id in (1, 2, 3) then 'flagship' else 'regular' end as store_class
from pos.orders
