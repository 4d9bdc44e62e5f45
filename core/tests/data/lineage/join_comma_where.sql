select o.order_id, l.product_id from pos.orders o, pos.order_lines l where l.order_id = o.order_id
