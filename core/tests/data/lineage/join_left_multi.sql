select o.order_id, c.name, s.store_name, s.region
from pos.orders as o
left join crm.customers as c on o.customer_id = c.customer_id
left outer join pos.stores as s on s.store_id = o.store_id and s.region <> 'closed'
