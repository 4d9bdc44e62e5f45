select o.*, s.region from pos.orders o join pos.stores s on s.store_id = o.store_id
