select j.order_id
from (pos.orders o join pos.stores s on s.store_id = o.store_id) as j
