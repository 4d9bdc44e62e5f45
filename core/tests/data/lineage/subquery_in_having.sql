select store_id, sum(amount) as revenue
from pos.orders
group by store_id
having sum(amount) > (select avg(amount) * 10 from pos.orders)
