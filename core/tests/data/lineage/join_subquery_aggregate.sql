select s.store_name, t.revenue, t.orders
from pos.stores s
join (
  select store_id, sum(amount) as revenue, count(*) as orders
  from pos.orders
  group by store_id
) t on t.store_id = s.store_id
