select 1 as one, 'x' as label, current_date as today, null as nothing, order_id from pos.orders
