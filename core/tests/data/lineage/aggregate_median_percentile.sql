select
  store_id,
  median(amount) as median_amount,
  percentile_cont(0.9) within group (order by amount) as p90_amount
from pos.orders
group by store_id
