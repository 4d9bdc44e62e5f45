select s.store_name, o.order_id, o.amount
from pos.orders o
right outer join pos.stores s on s.store_id = o.store_id
