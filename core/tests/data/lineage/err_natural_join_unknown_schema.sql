select order_id from pos.orders natural join staging.unknown_table
