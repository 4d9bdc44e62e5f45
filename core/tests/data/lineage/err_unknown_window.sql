select order_id, sum(amount) over w as running from pos.orders
