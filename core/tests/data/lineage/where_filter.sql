select order_id, amount from pos.orders where status = 'paid' and ordered_at >= date '2024-01-01'
