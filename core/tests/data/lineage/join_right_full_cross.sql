select o.order_id, s.store_name, c.country
from pos.orders o
right join pos.stores s on s.store_id = o.store_id
full outer join crm.customers c on c.customer_id = o.customer_id
cross join (select 1 as k) as k
