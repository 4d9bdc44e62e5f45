select
  customer_id,
  amount,
  ntile(4) over (order by amount) as amount_quartile,
  percent_rank() over (order by amount) as amount_pct_rank,
  cume_dist() over (partition by store_id order by amount) as amount_cume_dist
from pos.orders
