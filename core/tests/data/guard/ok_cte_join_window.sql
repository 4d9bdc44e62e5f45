-- console
with o as (select * from src.src_till__orders)
select o.customer_id, sum(o.amount) over (partition by o.customer_id) as total
from o join src.src_till__customers c on c.customer_id = o.customer_id
