select order_id, customer_id as customer, amount from pos.orders
