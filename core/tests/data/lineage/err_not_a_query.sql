delete from pos.orders where order_id = 1
