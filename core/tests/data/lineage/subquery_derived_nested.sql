select region, avg_revenue
from (
  select region, avg(revenue) as avg_revenue
  from (
    select s.region, o.store_id, sum(o.amount) as revenue
    from pos.orders o join pos.stores s on s.store_id = o.store_id
    group by s.region, o.store_id
  ) per_store
  group by region
) per_region
where avg_revenue > 0
