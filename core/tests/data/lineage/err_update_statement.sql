update pos.orders set status = 'paid' where order_id = 1
