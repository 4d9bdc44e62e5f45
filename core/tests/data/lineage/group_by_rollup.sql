select s.region, s.store_name, sum(o.amount) as revenue
from pos.orders o
join pos.stores s on s.store_id = o.store_id
group by rollup (s.region, s.store_name)
