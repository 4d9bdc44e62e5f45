select order_id, coalesce(amount, 0 as amount from pos.orders
