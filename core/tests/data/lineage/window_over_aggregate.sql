select
  store_id,
  sum(amount) as revenue,
  sum(amount) / sum(sum(amount)) over () as share_of_revenue,
  rank() over (order by sum(amount) desc) as revenue_rank
from pos.orders
group by store_id
