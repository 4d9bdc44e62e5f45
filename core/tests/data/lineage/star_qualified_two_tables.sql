select o.*, s.store_name, s.region
from pos.orders o
join pos.stores s on s.store_id = o.store_id
