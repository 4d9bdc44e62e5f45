select o.order_id, o.total from pos.orders o
