select store_id, s.store_name, o.amount
from pos.orders o
natural right join pos.stores s
